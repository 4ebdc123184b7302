/**
 * What a waiting run waits for and until when, for `waymark runs --status waiting`: its open
 * durable wait (a timer, a signal with its name, a webhook with its method), else its pending
 * approval (or form), else nothing known (a fired wait whose run a waker will continue).
 */
import type { CheckpointStore, RunRecord } from '../engine/store';

export interface WaitingFor {
  kind: 'time' | 'signal' | 'webhook' | 'approval' | 'fired';
  state: string;
  nodeId: string;
  /** ISO-8601: when the timer wakes, or when the wait times out. */
  until?: string;
  signal?: string;
  method?: string;
  approvalId?: string;
  correlation?: Record<string, string>;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function waitingFor(store: CheckpointStore, run: RunRecord): WaitingFor | undefined {
  const open = store
    .listWaits({ runId: run.id })
    .filter((w) => w.status !== 'closed')
    .at(-1);
  if (open) {
    const kind = open.status === 'fired' ? 'fired' : open.kind;
    return {
      kind,
      state: open.state,
      nodeId: open.nodeId,
      until: iso(open.wakeAt),
      ...(open.signal ? { signal: open.signal } : {}),
      ...(open.method ? { method: open.method } : {}),
      ...(open.correlation ? { correlation: open.correlation } : {}),
    };
  }
  const a = store.listApprovals({ runId: run.id, status: 'pending' }).at(-1);
  if (!a) return undefined;
  return {
    kind: 'approval',
    state: a.reason === 'form' ? 'form' : 'approval',
    nodeId: a.nodeId,
    approvalId: a.id,
    ...(a.timeoutAt !== undefined ? { until: iso(a.timeoutAt) } : {}),
  };
}

/** One line: `signal "order.ready" until 2026-…`. */
export function describeWaitingFor(w: WaitingFor | undefined): string {
  if (!w) return '?';
  const until = w.until ? ` until ${w.until}` : '';
  switch (w.kind) {
    case 'time':
      return `${w.state === 'timer' ? 'timer' : w.state}${until}`;
    case 'signal': {
      const keys = w.correlation
        ? ` (${Object.entries(w.correlation)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')})`
        : '';
      return `signal "${w.signal}"${keys}${until}`;
    }
    case 'webhook':
      return `webhook ${w.method ?? 'POST'}${until}`;
    case 'approval':
      return `${w.state} ${w.approvalId}${until}`;
    case 'fired':
      return `woken (${w.state}), continuing`;
  }
}
