/**
 * Trace spans built from engine events: run → step → LLM call / HTTP call / retry attempt /
 * decision / policy check / approval / guardrail. The engine runs one step at a time and
 * events arrive in `seq` order, so spans in creation order are the tree in pre-order: the
 * flat array IS the tree, each span knowing its depth and parent index. That keeps a
 * 100,000-span trace one array (no per-node child lists) and appending O(1).
 *
 * Spans hold summaries only (labels, times, status, the seq range of their events); the
 * payloads stay in storage and the details view fetches them by seq when a span is opened.
 */
import type { EngineEvent } from '../../../shared/events';

export type SpanKind =
  | 'run'
  | 'step'
  | 'llm'
  | 'http'
  | 'retry'
  | 'decision'
  | 'approval'
  | 'policy'
  | 'guardrail'
  | 'budget'
  | 'edit'
  | 'pause'
  | 'resume'
  | 'secret';
export type SpanStatus = 'running' | 'ok' | 'error' | 'waiting' | 'info';

export interface Span {
  /** Stable id: `run`, `step:<idx>`, or `ev:<seq>`. */
  id: string;
  kind: SpanKind;
  depth: number;
  /** Index of the parent span in the array; -1 for the root. */
  parent: number;
  label: string;
  /** Model, URL, branch…: the second column. */
  detail: string;
  status: SpanStatus;
  startMs: number;
  endMs: number;
  nodeId?: string;
  stepIdx?: number;
  /** Events of this span: [firstSeq, lastSeq] (children included for steps and the run). */
  firstSeq: number;
  lastSeq: number;
  costUsd: number;
  tokens: number;
  attempt?: number;
}

export interface SpanTree {
  spans: Span[];
  /** Index of each step's span by step index. */
  stepIndex: Map<number, number>;
  /** Latest step span index per node id (canvas selection → span). */
  byNode: Map<string, number>;
  /** Index of each span by id. */
  byId: Map<string, number>;
  /** Index of the last depth-1 span (where a step's new children may still go). */
  lastTop: number;
}

export function emptyTree(): SpanTree {
  return { spans: [], stepIndex: new Map(), byNode: new Map(), byId: new Map(), lastTop: -1 };
}

const ms = (iso: string) => Date.parse(iso);

function push(t: SpanTree, s: Span): number {
  const i = t.spans.length;
  t.spans.push(s);
  t.byId.set(s.id, i);
  return i;
}

function ensureRoot(t: SpanTree, e: EngineEvent): number {
  if (t.spans.length) return 0;
  return push(t, {
    id: 'run',
    kind: 'run',
    depth: 0,
    parent: -1,
    label: 'Run',
    detail: '',
    status: 'running',
    startMs: ms(e.at),
    endMs: ms(e.at),
    firstSeq: e.seq,
    lastSeq: e.seq,
    costUsd: 0,
    tokens: 0,
  });
}

/** Widens a span and its ancestors to cover an event (time and seq). */
function extend(t: SpanTree, i: number, at: number, seq: number): void {
  for (let k = i; k >= 0; k = t.spans[k]!.parent) {
    const s = t.spans[k]!;
    if (at > s.endMs) s.endMs = at;
    if (seq > s.lastSeq) s.lastSeq = seq;
  }
}

function child(
  t: SpanTree,
  parent: number,
  e: EngineEvent,
  kind: SpanKind,
  label: string,
  detail: string,
  status: SpanStatus,
  durMs = 0,
  extra: Partial<Span> = {},
): void {
  const end = ms(e.at);
  const p = t.spans[parent]!;
  const i = push(t, {
    id: `ev:${e.seq}`,
    kind,
    depth: p.depth + 1,
    parent,
    label,
    detail,
    status,
    startMs: end - durMs,
    endMs: end,
    firstSeq: e.seq,
    lastSeq: e.seq,
    costUsd: 0,
    tokens: 0,
    nodeId: p.nodeId,
    stepIdx: p.stepIdx,
    ...extra,
  });
  if (p.depth === 0) t.lastTop = i;
}

/**
 * Appends events (in seq order) to the tree, mutating it: the store copies the array
 * reference after a batch so React sees a change, without copying 100k spans per event.
 */
export function appendEvents(
  t: SpanTree,
  events: readonly EngineEvent[],
  nodeName: (id: string) => string = (id) => id,
): SpanTree {
  for (const e of events) {
    const root = ensureRoot(t, e);
    const at = ms(e.at);
    if ('stepIdx' in e && e.type !== 'run.paused') {
      let si = t.stepIndex.get(e.stepIdx);
      // A step resumed after a pause or crash continues in a new span when something else
      // (the resume marker) came in between: spans must stay in pre-order.
      if (si === undefined || si < t.lastTop) {
        // The earlier span of a resumed step never finished: say so rather than spin forever.
        const stale = si === undefined ? undefined : t.spans[si];
        if (stale && stale.status === 'running') {
          stale.status = 'info';
          stale.detail = `${stale.detail} · interrupted`;
        }
        const id = si === undefined ? `step:${e.stepIdx}` : `step:${e.stepIdx}:${t.spans.length}`;
        si = push(t, {
          id,
          kind: 'step',
          depth: 1,
          parent: root,
          label: nodeName(e.nodeId),
          detail: e.type === 'step.started' ? e.nodeType : '',
          status: 'running',
          startMs: at,
          endMs: at,
          nodeId: e.nodeId,
          stepIdx: e.stepIdx,
          firstSeq: e.seq,
          lastSeq: e.seq,
          costUsd: 0,
          tokens: 0,
          attempt: 1,
        });
        t.stepIndex.set(e.stepIdx, si);
        t.byNode.set(e.nodeId, si);
        t.lastTop = si;
      }
      const step = t.spans[si]!;
      stepEvent(t, si, step, e);
      extend(t, si, at, e.seq);
      continue;
    }
    const r = t.spans[root]!;
    switch (e.type) {
      case 'run.started':
        r.label = e.specName;
        r.detail = e.parentRunId
          ? `fork of ${e.parentRunId} @ step ${e.forkedFromStep ?? 0}`
          : e.simulate
            ? 'simulated'
            : '';
        break;
      case 'run.resumed':
        child(t, root, e, 'resume', 'Resumed', `from step ${e.fromStep}`, 'info');
        r.status = 'running';
        break;
      case 'run.paused':
        child(t, root, e, 'pause', 'Paused', `${e.reason} at ${nodeName(e.nodeId)}`, 'info', 0, {
          nodeId: e.nodeId,
          stepIdx: e.stepIdx,
        });
        break;
      case 'run.waiting':
        r.status = 'waiting';
        break;
      case 'run.finished':
        r.status = e.status === 'completed' ? 'ok' : e.status === 'cancelled' ? 'info' : 'error';
        r.costUsd = e.usage.costUsd;
        r.tokens = e.usage.inputTokens + e.usage.outputTokens;
        r.detail = e.status;
        break;
      default:
        break;
    }
    extend(t, root, at, e.seq);
  }
  return t;
}

function stepEvent(t: SpanTree, si: number, step: Span, e: EngineEvent): void {
  switch (e.type) {
    case 'step.started':
      step.detail = e.nodeType;
      step.attempt = e.attempt;
      if (step.status !== 'running') step.status = 'running';
      return;
    case 'step.completed':
      step.status = 'ok';
      step.attempt = e.attempts;
      step.startMs = Math.min(step.startMs, Date.parse(e.at) - e.latencyMs);
      step.costUsd += e.usage?.costUsd ?? 0;
      step.tokens += (e.usage?.inputTokens ?? 0) + (e.usage?.outputTokens ?? 0);
      if (t.spans[0]) {
        t.spans[0].costUsd += e.usage?.costUsd ?? 0;
        t.spans[0].tokens += (e.usage?.inputTokens ?? 0) + (e.usage?.outputTokens ?? 0);
      }
      return;
    case 'step.failed':
      step.status = 'error';
      step.attempt = e.attempts;
      return;
    case 'step.retried':
      child(
        t,
        si,
        e,
        'retry',
        `Attempt ${e.attempt} failed`,
        `${e.error.code}: ${e.error.message} · retry in ${e.delayMs} ms`,
        'error',
        0,
        { attempt: e.attempt },
      );
      step.status = 'running';
      return;
    case 'llm.call':
      child(t, si, e, 'llm', `LLM ${e.model}`, e.provider, e.error ? 'error' : 'ok', e.latencyMs, {
        attempt: e.attempt,
        costUsd: e.usage?.costUsd ?? 0,
        tokens: (e.usage?.inputTokens ?? 0) + (e.usage?.outputTokens ?? 0),
      });
      return;
    case 'http.call':
      child(
        t,
        si,
        e,
        'http',
        `${e.method} ${shortUrl(e.url)}`,
        e.status !== undefined ? String(e.status) : (e.error?.code ?? ''),
        e.error || (e.status ?? 0) >= 400 ? 'error' : 'ok',
        e.latencyMs,
        { attempt: e.attempt },
      );
      return;
    case 'decision.taken':
      child(t, si, e, 'decision', `Decision → ${e.branch}`, e.rationale, 'info');
      return;
    case 'approval.requested':
      step.status = 'waiting';
      child(t, si, e, 'approval', 'Approval requested', e.message, 'waiting');
      return;
    case 'approval.resolved':
      child(
        t,
        si,
        e,
        'approval',
        `${e.decision === 'approved' ? 'Approved' : 'Rejected'} by ${e.by}`,
        e.edited ? 'payload edited' : (e.comment ?? ''),
        e.decision === 'approved' ? 'ok' : 'error',
      );
      return;
    case 'approval.escalated':
      child(t, si, e, 'approval', 'Escalated', `to ${e.to.join(', ')}`, 'waiting');
      return;
    case 'policy.checked':
      child(
        t,
        si,
        e,
        'policy',
        `Policy: ${e.decision}`,
        `${e.call} ${e.connector ?? ''} · ${e.riskClass} · ${e.rule}`,
        e.decision === 'forbid' ? 'error' : 'info',
      );
      return;
    case 'budget.exceeded':
      child(t, si, e, 'budget', `Budget exceeded: ${e.limit}`, `${e.value} > ${e.max} in ${e.zone}`, 'error');
      return;
    case 'guardrail.checked':
      child(
        t,
        si,
        e,
        'guardrail',
        `Guardrail: ${e.verdict}`,
        e.findings.map((f) => f.kind).join(', '),
        e.verdict === 'flagged' ? 'error' : 'info',
      );
      return;
    case 'secret.accessed':
      child(t, si, e, 'secret', `Secret ${e.name}`, e.found ? 'read' : 'missing', e.found ? 'info' : 'error');
      return;
    case 'state.edited':
      child(t, si, e, 'edit', `Output edited by ${e.by}`, '', 'info');
      return;
    default:
      return;
  }
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/**
 * Indexes of the spans to show, given collapsed span indexes: a collapsed span's
 * descendants are skipped. One pass; descendants follow their ancestor in pre-order.
 */
export function visibleRows(spans: readonly Span[], collapsed: ReadonlySet<number>): number[] {
  const out: number[] = [];
  let skipDepth = Infinity;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.depth > skipDepth) continue;
    skipDepth = Infinity;
    out.push(i);
    if (collapsed.has(i)) skipDepth = s.depth;
  }
  return out;
}

/** Whether a span has children (the next span in pre-order is deeper). */
export function hasChildren(spans: readonly Span[], i: number): boolean {
  const next = spans[i + 1];
  return next !== undefined && next.depth > spans[i]!.depth;
}
