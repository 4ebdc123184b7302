/**
 * Turns the engine's event stream into spans, at the composition root (the engine knows
 * nothing of this). The engine hands every committed event to `onEvent`, synchronously, in
 * its commit path: the recorder only queues it there and folds it a moment later
 * (`setImmediate`), so tracing costs a run nothing but a push, and nothing it does can throw
 * into the run.
 *
 * One {@link RunTrace} per run executing in this process. A run this process did not start
 * (it was continued after an approval, resumed after a crash, continued in another process)
 * gets its trace rebuilt first: its stored events before the current one are folded with
 * their spans discarded — the process that saw them exported them — so the step in progress
 * keeps its recorded start time, retries and calls. A trace is dropped when its run
 * finishes, waits or pauses (the run may continue anywhere), which keeps memory to the runs
 * executing here.
 */
import type { EngineEvent } from '../../shared/events';
import type { CheckpointStore } from '../engine/store';
import type { ContentPolicy } from './content';
import { runInfoOf } from './run-info';
import { RunTrace } from './run-trace';
import type { SpanRecord } from './span-record';

/** The store reads the recorder needs. */
export type TraceStore = Pick<CheckpointStore, 'getRun' | 'getEvents'>;

/** Events waiting to be folded; past this, events are dropped (and counted) rather than held. */
export const MAX_PENDING_EVENTS = 50_000;
const PRIME_PAGE = 2000;

export interface RecorderOptions {
  store: TraceStore;
  /** Receives finished spans, in the order they finished. Must not throw. */
  sink: (spans: SpanRecord[]) => void;
  /** The content policy in force (read per run, so a settings change applies to the next run). */
  content: () => ContentPolicy;
  /** Something went wrong folding a run's events (a bug, an unreadable store): its trace is dropped. */
  onError: (message: string) => void;
  /** How folding is deferred; `setImmediate` by default. */
  defer?: (fn: () => void) => void;
}

export class TraceRecorder {
  private readonly runs = new Map<string, RunTrace>();
  private pending: EngineEvent[] = [];
  private scheduled = false;
  /** Events not folded because too many were waiting. */
  droppedEvents = 0;

  constructor(private readonly opts: RecorderOptions) {}

  /** The engine's listener: queues the event. Never throws. */
  onEvent(e: EngineEvent): void {
    if (this.pending.length >= MAX_PENDING_EVENTS) {
      this.droppedEvents++;
      // Folding that run's later events without these would be wrong: start it over from the store.
      this.runs.delete(e.runId);
      return;
    }
    this.pending.push(e);
    if (this.scheduled) return;
    this.scheduled = true;
    (this.opts.defer ?? setImmediate)(() => this.drain());
  }

  /** Folds every queued event now (before the store closes, at the end of a CLI command). */
  drain(): void {
    this.scheduled = false;
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      for (const e of batch) this.fold(e);
    }
  }

  /** Runs whose trace is held in memory (tests, diagnostics). */
  get activeRuns(): number {
    return this.runs.size;
  }

  private fold(e: EngineEvent): void {
    try {
      let trace = this.runs.get(e.runId);
      if (!trace) {
        trace = this.rebuild(e);
        if (!trace) return;
        this.runs.set(e.runId, trace);
      }
      trace.apply(e);
      const spans = trace.take();
      if (spans.length) this.opts.sink(spans);
      if (trace.finished || e.type === 'run.waiting' || e.type === 'run.paused') this.runs.delete(e.runId);
    } catch (err) {
      this.runs.delete(e.runId);
      this.opts.onError(
        `could not trace run ${e.runId} at event ${e.seq} (${e.type}): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** A trace for a run met mid-way: its stored events before `e` folded, their spans discarded. */
  private rebuild(e: EngineEvent): RunTrace | undefined {
    const run = this.opts.store.getRun(e.runId);
    if (!run) return undefined;
    const trace = new RunTrace(runInfoOf(run), this.opts.content());
    if (e.type === 'run.started') return trace;
    for (let after: number | undefined = undefined; ;) {
      const page = this.opts.store.getEvents(e.runId, after, PRIME_PAGE);
      for (const x of page) {
        if (x.seq >= e.seq) return trace;
        trace.apply(x);
        trace.take();
      }
      if (page.length < PRIME_PAGE) return trace;
      after = (page.at(-1) as EngineEvent).seq;
    }
  }
}

/**
 * Every span of a recorded run, from its stored events (a backfill, a test): what the
 * processes that ran it exported, run for run. Steps still in progress have no span yet.
 */
export function spansOfRecordedRun(store: TraceStore, runId: string, content: ContentPolicy): SpanRecord[] {
  const run = store.getRun(runId);
  if (!run) return [];
  const trace = new RunTrace(runInfoOf(run), content);
  const out: SpanRecord[] = [];
  for (let after: number | undefined = undefined; ;) {
    const page = store.getEvents(runId, after, PRIME_PAGE);
    for (const x of page) {
      trace.apply(x);
      out.push(...trace.take());
    }
    if (page.length < PRIME_PAGE) return out;
    after = (page.at(-1) as EngineEvent).seq;
  }
}
