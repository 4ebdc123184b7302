/**
 * The live state of one run, reduced from its engine events — the ONE reducer for the
 * `EngineEvent` union in the renderer (architecture principle 8). The canvas paints node
 * states and taken edges from it; the toolbar reads the run status.
 *
 * Per-node states are separate objects and the reducer replaces only the node an event is
 * about, so a zustand selector on `nodes[id]` re-renders one canvas node per event.
 */
import type { EngineEvent, ErrorInfo, RunStatus, Usage } from '../../../shared/events';
import { addUsage, ZERO_USAGE } from '../../../shared/events';

/** What a canvas node shows while (or after) a run goes through it. */
export type NodeRunStatus =
  'queued' | 'running' | 'succeeded' | 'failed' | 'retrying' | 'waiting' | 'paused' | 'skipped';

export interface NodeRunState {
  status: NodeRunStatus;
  /** The last step of this node (a node may run several times in a loop). */
  stepIdx: number;
  attempt: number;
  latencyMs?: number;
  usage: Usage;
  /** How many times the node ran in this run. */
  runs: number;
  port?: string;
  error?: ErrorInfo;
  /** Reused from the parent run by a fork (recorded output, not executed again). */
  reused?: boolean;
  /** Failed, and the run went on by its error edge. */
  caught?: boolean;
  /** The wait state it is (or was last) waiting in: `approval`, or one its node type declares. */
  waitState?: string;
}

export interface RunState {
  runId: string;
  specId?: string;
  specName?: string;
  status: RunStatus;
  simulate: boolean;
  nodes: Readonly<Record<string, NodeRunState>>;
  /** Taken edges as `<source>|<portKey>` (see shared/spec/graph edgePortKey). */
  taken: Readonly<Record<string, true>>;
  usage: Usage;
  /** Highest seq applied; older or duplicate events are ignored. */
  lastSeq: number;
  pausedAt?: { nodeId: string; stepIdx: number; reason: 'breakpoint' | 'step' | 'pause' };
  waitingApproval?: string;
  parentRunId?: string;
  forkedFromStep?: number;
  output?: unknown;
  error?: ErrorInfo;
  durationMs?: number;
  /** Steps (by index) that failed and were caught by an error edge: a completed run with any "completed with errors". */
  caughtSteps?: Readonly<Record<number, true>>;
}

/** How many failures an error edge caught so far. */
export const caughtCount = (s: Pick<RunState, 'caughtSteps'>): number => Object.keys(s.caughtSteps ?? {}).length;

export function emptyRunState(runId: string): RunState {
  return { runId, status: 'running', simulate: false, nodes: {}, taken: {}, usage: ZERO_USAGE, lastSeq: -1 };
}

export const takenKey = (source: string, port: string) => `${source}|${port}`;

function setNode(
  s: RunState,
  nodeId: string,
  patch: Partial<NodeRunState> & Pick<NodeRunState, 'status'>,
  stepIdx: number,
): RunState {
  const prev = s.nodes[nodeId];
  const base: NodeRunState = prev ?? { status: patch.status, stepIdx, attempt: 1, usage: ZERO_USAGE, runs: 0 };
  return { ...s, nodes: { ...s.nodes, [nodeId]: { ...base, ...patch, stepIdx } } };
}

function queue(s: RunState, nodeId: string | undefined, stepIdx: number): RunState {
  if (!nodeId) return s;
  const cur = s.nodes[nodeId];
  // A node that already ran keeps its result on screen until it actually starts again.
  if (cur && cur.status !== 'skipped') return s;
  return setNode(s, nodeId, { status: 'queued' }, stepIdx + 1);
}

/** Marks every node the run never reached as skipped, once it has ended. */
export function markSkipped(s: RunState, nodeIds: readonly string[]): RunState {
  if (s.status === 'running' || s.status === 'waiting' || s.status === 'paused') return s;
  let nodes: Record<string, NodeRunState> | undefined;
  for (const id of nodeIds) {
    const cur = s.nodes[id];
    if (cur && cur.status !== 'queued') continue;
    nodes ??= { ...s.nodes };
    nodes[id] = { status: 'skipped', stepIdx: -1, attempt: 0, usage: ZERO_USAGE, runs: cur?.runs ?? 0 };
  }
  return nodes ? { ...s, nodes } : s;
}

/** Applies one event. Events of other runs and already-applied seqs return `s` unchanged. */
export function reduceRun(s: RunState, e: EngineEvent): RunState {
  if (e.runId !== s.runId || e.seq <= s.lastSeq) return s;
  const next = apply(s, e);
  return next === s ? { ...s, lastSeq: e.seq } : { ...next, lastSeq: e.seq };
}

function apply(s: RunState, e: EngineEvent): RunState {
  switch (e.type) {
    case 'run.started':
      return {
        ...s,
        status: 'running',
        specId: e.specId,
        specName: e.specName,
        simulate: e.simulate,
        parentRunId: e.parentRunId,
        forkedFromStep: e.forkedFromStep,
      };
    case 'run.resumed':
      return { ...s, status: 'running', pausedAt: undefined, waitingApproval: undefined };
    case 'run.paused': {
      const paused = {
        ...s,
        status: 'paused' as const,
        pausedAt: { nodeId: e.nodeId, stepIdx: e.stepIdx, reason: e.reason },
      };
      const cur = s.nodes[e.nodeId];
      // The node it stopped before shows as paused; one already finished keeps its result.
      return !cur || cur.status === 'queued' ? setNode(paused, e.nodeId, { status: 'paused' }, e.stepIdx) : paused;
    }
    case 'step.started': {
      const cur = s.nodes[e.nodeId];
      const fresh = !cur || cur.stepIdx !== e.stepIdx;
      return setNode(
        s,
        e.nodeId,
        {
          status: 'running',
          attempt: e.attempt,
          runs: (cur?.runs ?? 0) + (fresh ? 1 : 0),
          error: undefined,
          reused: false,
        },
        e.stepIdx,
      );
    }
    case 'step.retried':
      return setNode(s, e.nodeId, { status: 'retrying', attempt: e.attempt + 1, error: e.error }, e.stepIdx);
    case 'step.completed': {
      const cur = s.nodes[e.nodeId];
      const usage = addUsage(cur?.usage ?? ZERO_USAGE, e.usage);
      let out = setNode(
        s,
        e.nodeId,
        {
          status: 'succeeded',
          latencyMs: e.latencyMs,
          attempt: e.attempts,
          port: e.port,
          usage,
          runs: Math.max(1, cur?.runs ?? 0),
          error: undefined,
        },
        e.stepIdx,
      );
      out = { ...out, usage: addUsage(out.usage, e.usage) };
      if (e.nextNodeId)
        out = { ...queue(out, e.nextNodeId, e.stepIdx), taken: { ...out.taken, [takenKey(e.nodeId, e.port)]: true } };
      return out;
    }
    case 'step.failed': {
      let out = setNode(
        s,
        e.nodeId,
        {
          status: 'failed',
          latencyMs: e.latencyMs,
          attempt: e.attempts,
          error: e.error,
          runs: Math.max(1, s.nodes[e.nodeId]?.runs ?? 0),
          caught: !!(e.handled && e.nextNodeId),
        },
        e.stepIdx,
      );
      if (e.handled && e.nextNodeId)
        out = {
          ...queue(out, e.nextNodeId, e.stepIdx),
          taken: { ...out.taken, [takenKey(e.nodeId, 'error')]: true },
          caughtSteps: { ...out.caughtSteps, [e.stepIdx]: true },
        };
      return out;
    }
    case 'approval.requested':
      return setNode(
        { ...s, waitingApproval: e.approvalId },
        e.nodeId,
        { status: 'waiting', waitState: 'approval' },
        e.stepIdx,
      );
    case 'approval.resolved':
      return { ...s, waitingApproval: undefined };
    case 'approval.escalated':
      return { ...s, waitingApproval: e.escalationId };
    case 'approval.cancelled':
      return { ...s, waitingApproval: undefined };
    case 'step.waiting':
      return setNode(s, e.nodeId, { status: 'waiting', waitState: e.state }, e.stepIdx);
    case 'run.waiting':
      return { ...s, status: 'waiting', waitingApproval: e.approvalId };
    case 'run.finished':
      return {
        ...s,
        status: e.status,
        output: e.output,
        error: e.error,
        durationMs: e.durationMs,
        usage: e.usage,
        pausedAt: undefined,
        waitingApproval: undefined,
      };
    case 'run.taken-over':
    case 'wait.fired':
    case 'state.edited':
    case 'llm.call':
    case 'http.call':
    case 'decision.taken':
    case 'policy.checked':
    case 'budget.exceeded':
    case 'secret.accessed':
    case 'guardrail.checked':
      return s;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * A fork starts with the parent's steps up to its fork point already done (reused, not
 * re-executed, so they emit no step events): seed them from the run's recorded steps.
 */
export function seedReused(
  s: RunState,
  steps: readonly {
    idx: number;
    nodeId: string;
    status: string;
    latencyMs?: number;
    attempts: number;
    port?: string;
    nextNodeId?: string;
    usage: Usage;
  }[],
  upTo: number,
): RunState {
  let out = s;
  for (const st of steps) {
    if (st.idx > upTo) continue;
    const failed = st.status === 'failed';
    out = setNode(
      out,
      st.nodeId,
      {
        status: failed ? 'failed' : 'succeeded',
        latencyMs: st.latencyMs,
        attempt: st.attempts,
        port: st.port,
        usage: ZERO_USAGE,
        runs: (out.nodes[st.nodeId]?.runs ?? 0) + 1,
        reused: true,
      },
      st.idx,
    );
    const port = failed ? 'error' : st.port;
    if (port && st.nextNodeId) out = { ...out, taken: { ...out.taken, [takenKey(st.nodeId, port)]: true } };
  }
  return out;
}
