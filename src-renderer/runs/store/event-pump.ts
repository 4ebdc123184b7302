/**
 * Feeds engine events into the runs store. Live pushes for the current run are batched per
 * animation frame (a fast run emits hundreds of events a second; React renders once per
 * frame), and a run's history is paged from storage (`runs.events`) so a 100,000-event
 * trace is never one message. Seqs make the two sources merge exactly: whatever is applied
 * is remembered by seq, so an event seen both in a page and live counts once, and a gap
 * (a dropped connection) triggers a catch-up read from storage.
 */
import type { EngineEvent } from '../../../shared/events';
import { MAX_EVENT_PAGE } from '../../../shared/api';
import { api } from '../../bridge';
import { emptyRunState, markSkipped, reduceRun, seedReused } from '../model/run-state';
import type { StepView } from '../../../shared/runs';
import { appendEvents, emptyTree } from '../model/spans';
import { trace, useRuns } from './runs-store';

type Listener = (e: EngineEvent) => void;
const anyListeners = new Set<Listener>();
let pending: EngineEvent[] = [];
let frame = 0;
let applied = -1;
let paging = false;
let generation = 0;
let nameOf: (id: string) => string = (id) => id;
let nodeIds: readonly string[] = [];

/** Every engine event, for other views (approvals inbox, history) that refresh on them. */
export function onAnyEvent(l: Listener): () => void {
  anyListeners.add(l);
  return () => anyListeners.delete(l);
}

let unsubscribe: (() => void) | undefined;
/** Subscribes to the backend's event stream once for the app's lifetime. */
export function startEventPump(): void {
  if (unsubscribe) return;
  unsubscribe = api.onEvent((e) => {
    for (const l of anyListeners) l(e);
    if (e.runId !== trace.runId) return;
    pending.push(e);
    if (!paging && !frame) frame = requestAnimationFrame(flush);
  });
}

function apply(events: readonly EngineEvent[]): void {
  const fresh = events.filter((e) => e.seq > applied).sort((a, b) => a.seq - b.seq);
  if (!fresh.length) return;
  if (fresh[0]!.seq > applied + 1) {
    // A gap: some events never reached us (reconnect). Storage has them; read from there.
    void catchUp();
    return;
  }
  let s = useRuns.getState().current ?? emptyRunState(trace.runId ?? '');
  let last = applied;
  const contiguous: EngineEvent[] = [];
  for (const e of fresh) {
    if (e.seq !== last + 1) break;
    contiguous.push(e);
    s = reduceRun(s, e);
    last = e.seq;
  }
  applied = last;
  appendEvents(trace.tree, contiguous, nameOf);
  s = markSkipped(s, nodeIds);
  useRuns.setState((st) => ({
    current: s,
    traceVersion: st.traceVersion + 1,
    traceTotal: Math.max(st.traceTotal, applied + 1),
  }));
}

function flush(): void {
  frame = 0;
  const batch = pending;
  pending = [];
  apply(batch);
}

async function catchUp(): Promise<void> {
  if (paging || !trace.runId) return;
  await pageFrom(trace.runId, generation);
}

/** Reads a run's events from storage after what is applied, page by page. */
async function pageFrom(runId: string, gen: number): Promise<void> {
  paging = true;
  useRuns.setState({ traceLoading: true });
  try {
    for (;;) {
      const page = await api.runs.events({ runId, afterSeq: applied, limit: MAX_EVENT_PAGE });
      if (gen !== generation) return;
      useRuns.setState({ traceTotal: page.total });
      apply(page.events);
      if (!page.hasMore || page.events.length === 0) break;
      // Yield a frame between pages so the list paints and scrolls while a big trace loads.
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    }
  } finally {
    if (gen === generation) {
      paging = false;
      useRuns.setState({ traceLoading: false });
      const live = pending;
      pending = [];
      apply(live);
    }
  }
}

/**
 * Makes `runId` the current run: resets its state and trace, then loads its events from
 * storage while live ones for it queue up. `names` labels steps with node names.
 */
export async function followRun(
  runId: string,
  spec: { nodes: readonly { id: string; name: string }[] },
  fork?: { steps: readonly StepView[]; upTo: number },
): Promise<void> {
  generation++;
  const gen = generation;
  const names = new Map(spec.nodes.map((n) => [n.id, n.name]));
  nameOf = (id) => names.get(id) ?? id;
  nodeIds = spec.nodes.map((n) => n.id);
  trace.runId = runId;
  trace.tree = emptyTree();
  applied = -1;
  pending = [];
  paging = false;
  const start = fork ? seedReused(emptyRunState(runId), fork.steps, fork.upTo) : emptyRunState(runId);
  useRuns.setState((st) => ({
    current: start,
    traceVersion: st.traceVersion + 1,
    traceTotal: 0,
    selectedSpan: null,
    collapsed: new Set(),
  }));
  await pageFrom(runId, gen);
}

/** Stops following any run (a new document was opened). */
export function forgetRun(): void {
  generation++;
  trace.runId = null;
  trace.tree = emptyTree();
  applied = -1;
  pending = [];
  paging = false;
  useRuns.setState((st) => ({
    current: null,
    viewing: null,
    traceVersion: st.traceVersion + 1,
    traceTotal: 0,
    selectedSpan: null,
    traceLoading: false,
  }));
}
