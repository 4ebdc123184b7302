/**
 * Runs one step: pinned output in simulation, otherwise the node's `run()` with a
 * per-attempt timeout and the retry policy (retryable errors only, exponential backoff with
 * jitter, `Retry-After` as a floor). It does no storage itself; the runner commits.
 */
import { addUsage, ZERO_USAGE, type ErrorInfo, type Usage } from '../../shared/events';
import { portsOf } from '../../shared/nodes/ports';
import type { SpecNode, WorkflowSpec } from '../../shared/spec/schema';
import { StepError, toErrorInfo } from './errors';
import { evaluateBounded, inProcessSandbox, screenBounded, validateBounded, type BoundedContext } from './bounded';
import { render } from './expressions';
import { formatMs } from './limits';
import type {
  ApprovalRequest,
  ExprScope,
  NodeContext,
  NodeDefinition,
  NodeResult,
  ResumedWait,
  TimedWait,
} from './node-def';
import type { NodePlan } from './plan';
import type { Clock, HttpPort, LlmPort, RandomPort, SandboxPort, SecretsPort } from './ports';
import { MAX_RETRY_AFTER_MS, retryDelay } from './retry';
import type { ApprovalRecord } from './store';
import type { EventBuffer } from './event-buffer';
import type { StepGovernor } from './policy/enforcer';
import { ApprovalRequired } from './policy/errors';
import { RunRedactor } from './redact';
import { guardedPorts } from './secret-boundary';
import { callConnector } from '../../shared/policy';

export interface ExecutorPorts {
  http: HttpPort;
  llm: LlmPort;
  clock: Clock;
  random: RandomPort;
  secrets: SecretsPort;
  /**
   * Where expressions, schema checks and scans that are not provably cheap run, under a
   * deadline and memory cap (engine/bounded.ts). Hosts wire the worker pool
   * (src-main/sandbox); without one they run in this thread, bounded only cooperatively.
   */
  sandbox?: SandboxPort;
  /**
   * The run's redactor: what the secret boundary (secret-boundary.ts) checks requests against
   * and scrubs replies with. Made from the spec and `secrets` when absent.
   */
  redactor?: RunRedactor;
}

const IN_PROCESS = inProcessSandbox();

/** The HTTP connector a node's declared call names (what its secret headers belong to). */
function httpConnectorOf(plan: NodePlan): { httpConnector?: string } {
  const alias = callConnector({ get: () => plan.def }, plan.node, 'http');
  return alias !== undefined ? { httpConnector: alias } : {};
}

export type StepOutcome =
  | { kind: 'done'; output: unknown; port: string; usage: Usage; attempts: number; simulated: boolean }
  | { kind: 'wait'; approval: ApprovalRequest; attempts: number }
  | { kind: 'wait'; wait: TimedWait; attempts: number }
  | { kind: 'failed'; error: ErrorInfo; usage: Usage; attempts: number };

export interface StepRequest {
  spec: WorkflowSpec;
  /** The node and what its type declares, resolved once per run (plan.ts). */
  plan: NodePlan;
  runId: string;
  stepIdx: number;
  idempotencyKey: string;
  scope: ExprScope;
  simulate: boolean;
  /** Attempts already made before a crash (resume continues the count). */
  priorAttempts: number;
  /** The decided approval, when the step waited on one. */
  approval?: ApprovalRecord;
  /** The timed wait that came due, when the step waited in one. */
  resumed?: ResumedWait;
  /** Enforces policies and budgets on every call the node makes (engine/policy). */
  governor: StepGovernor;
  signal: AbortSignal;
  events: EventBuffer;
  /**
   * Called after attempt `attempt` failed, before sleeping `delayMs` for a retry; the runner
   * persists that the attempts so far failed and when the next is due, with the step's usage
   * so far — so a crash during the sleep costs no attempt and loses no spend.
   */
  onRetry(attempt: number, error: ErrorInfo, delayMs: number, usage: Usage): void;
  /** Called as retry `attempt` starts, before it is sent; the runner persists it. */
  onAttempt?(attempt: number, usage: Usage): void;
  /** Usage of this step's calls made before a crash (a resumed step adds to it). */
  priorUsage?: Usage;
  /** The step's usage so far, kept current for whoever persists mid-step (policy flushes). */
  progress?: { usage: Usage };
}

const parsedConfigs = new WeakMap<SpecNode, Record<string, unknown>>();

/**
 * The node's config as its schema parses it (defaults applied). Specs reaching the engine
 * were validated, so a failure here is a bug; it still fails the step, never the process.
 */
function configOf(node: SpecNode, def: NodeDefinition): Record<string, unknown> {
  let c = parsedConfigs.get(node);
  if (!c) {
    const parsed = def.configSchema.safeParse(node.config);
    if (!parsed.success)
      throw new StepError({
        code: 'config',
        retryable: false,
        message: `invalid config for "${node.id}": ${parsed.error.message}`,
      });
    c = parsed.data;
    parsedConfigs.set(node, c);
  }
  return c;
}

/** Races the node against its timeout; the node's signal aborts when either fires. */
async function attemptOnce(
  req: StepRequest,
  ports: ExecutorPorts,
  attempt: number,
  timeoutMs: number | undefined,
  onUsage: (u: Usage) => void,
): Promise<NodeResult> {
  // Without a timeout the run's own signal is enough: no per-attempt controllers, which
  // dominated the engine's per-node overhead on chains of cheap pure nodes.
  const ac = timeoutMs === undefined ? undefined : new AbortController();
  const onOuterAbort = () => ac?.abort(req.signal.reason);
  if (ac) req.signal.addEventListener('abort', onOuterAbort, { once: true });
  const timer = ac ? new AbortController() : undefined;
  const stepName = req.plan.node.name || req.plan.node.id;
  /** What sandboxed work is in flight, so a timeout can say that it was the expression. */
  let running: string | undefined;
  const timeout =
    timeoutMs === undefined || !ac || !timer
      ? undefined
      : ports.clock.sleep(timeoutMs, timer.signal).then(
          () => {
            const err = running
              ? new StepError({
                  code: 'timeout',
                  retryable: false,
                  message: `Step '${stepName}': ${running} ran longer than ${formatMs(timeoutMs)}`,
                })
              : new StepError({
                  code: 'timeout',
                  retryable: true,
                  message: `"${req.plan.node.id}" did not finish within ${timeoutMs} ms`,
                });
            ac.abort(err);
            throw err;
          },
          () => new Promise<never>(() => {}),
        );
  const bounded: BoundedContext = {
    sandbox: ports.sandbox ?? IN_PROCESS,
    subject: `Step '${stepName}'`,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    signal: ac ? ac.signal : req.signal,
    track: (what) => (running = what),
  };
  const evaluate = (e: string) => evaluateBounded(bounded, e, req.scope);
  // The node only ever sees policy-enforcing ports: no call can skip the check. The secret
  // boundary sits under policy, so the request actually sent (approver's edits included) is checked.
  const red = ports.redactor ?? new RunRedactor(req.spec, ports.secrets);
  const caller = { subject: `Step '${stepName}'`, ...httpConnectorOf(req.plan) };
  const guarded = req.governor.ports(attempt, guardedPorts(ports, red, req.spec, caller));
  // Built field by field: a node sees exactly its context, never the engine's other dependencies.
  const { node, def } = req.plan;
  const ctx: NodeContext<Record<string, unknown>> = {
    spec: req.spec,
    node,
    config: configOf(node, def),
    runId: req.runId,
    stepIdx: req.stepIdx,
    attempt,
    idempotencyKey: req.idempotencyKey,
    scope: req.scope,
    signal: ac ? ac.signal : req.signal,
    timeoutMs: timeoutMs ?? 60_000,
    http: guarded.http,
    llm: guarded.llm,
    clock: ports.clock,
    random: ports.random,
    secrets: ports.secrets,
    evaluate,
    render: (t, enc) => render(t, evaluate, enc),
    validate: (schema, value) => validateBounded(bounded, schema, value),
    screen: (value, options, path) => screenBounded(bounded, value, options, path),
    emit: (d) => {
      // Usage is counted from the calls themselves, so failed attempts are paid for too.
      if (d.type === 'llm.call' && d.usage) onUsage(d.usage);
      req.events.push(d);
    },
    ...(req.approval ? { approval: req.approval } : {}),
    ...(req.resumed ? { resumed: req.resumed } : {}),
  };
  try {
    return await (timeout ? Promise.race([def.run(ctx), timeout]) : def.run(ctx));
  } finally {
    if (timer) {
      timer.abort();
      req.signal.removeEventListener('abort', onOuterAbort);
    }
  }
}

/**
 * Runs one step to its outcome: done, a durable wait, or failed (retryable errors retried
 * per the node's retry policy). Throws only when the run's signal aborted (cancellation).
 */
export async function executeStep(req: StepRequest, ports: ExecutorPorts): Promise<StepOutcome> {
  const { node, def } = req.plan;
  if (req.simulate) {
    if (node.pinned) {
      const pinnedPort = node.pinned.port;
      const port =
        pinnedPort === undefined
          ? portOf(def, node)
          : pinnedPort === 'next' || pinnedPort === 'error' || pinnedPort.startsWith('branch:')
            ? pinnedPort
            : `branch:${pinnedPort}`;
      return {
        kind: 'done',
        output: node.pinned.output,
        port,
        usage: ZERO_USAGE,
        attempts: req.priorAttempts + 1,
        simulated: true,
      };
    }
    if (req.plan.simulate === 'pinned') {
      return {
        kind: 'failed',
        error: {
          code: 'simulate.no-pinned',
          retryable: false,
          message: `"${node.id}" (${node.type}) has no pinned output; simulation never calls models or APIs — pin an output on this node`,
        },
        usage: ZERO_USAGE,
        attempts: req.priorAttempts + 1,
      };
    }
  }
  const policy = req.plan.retry;
  const timeoutMs = req.plan.timeoutMs;
  let usage = req.priorUsage ?? ZERO_USAGE;
  const onUsage = (u: Usage): void => {
    usage = addUsage(usage, u);
    if (req.progress) req.progress.usage = usage;
  };
  // Simulation makes no calls and spends nothing: budgets apply to real runs only.
  const overBudget = req.simulate ? undefined : req.governor.enter();
  if (overBudget) return { kind: 'failed', error: overBudget, usage, attempts: req.priorAttempts + 1 };
  for (let attempt = req.priorAttempts + 1; ; attempt++) {
    try {
      const result = await attemptOnce(req, ports, attempt, timeoutMs, onUsage);
      // A call whose actual cost passed a zone budget stops the step, whatever the node made of it.
      const stop = req.governor.takeStop();
      if (stop) return { kind: 'failed', error: stop, usage, attempts: attempt };
      if (result.kind === 'wait')
        return 'wait' in result
          ? { kind: 'wait', wait: result.wait, attempts: attempt }
          : { kind: 'wait', approval: result.approval, attempts: attempt };
      return { kind: 'done', output: result.output, port: result.port, usage, attempts: attempt, simulated: false };
    } catch (e) {
      if (req.signal.aborted) throw req.signal.reason ?? e;
      if (e instanceof ApprovalRequired) return { kind: 'wait', approval: e.approval, attempts: attempt };
      const error = req.governor.takeStop() ?? toErrorInfo(e);
      const retryAfterMs = e instanceof StepError ? e.retryAfterMs : undefined;
      if (!error.retryable || attempt >= policy.maxAttempts)
        return {
          kind: 'failed',
          error: attempt > 1 ? { ...error, message: `${error.message} (after ${attempt} attempts)` } : error,
          usage,
          attempts: attempt,
        };
      if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
        return {
          kind: 'failed',
          error: {
            ...error,
            retryable: false,
            message: `${error.message}; the server asked to wait ${Math.round(retryAfterMs / 1000)} s, beyond the ${MAX_RETRY_AFTER_MS / 1000} s limit`,
          },
          usage,
          attempts: attempt,
        };
      }
      const delayMs = retryDelay(policy, attempt, ports.random.random(), retryAfterMs);
      req.onRetry(attempt, error, delayMs, usage);
      await ports.clock.sleep(delayMs, req.signal);
      req.onAttempt?.(attempt + 1, usage);
    }
  }
}

/** The port a node leaves by normally: `next`, or its first branch. */
function portOf(def: NodeDefinition, node: SpecNode): string {
  const p = portsOf(def, node.config).find((x) => x.kind !== 'error');
  return !p ? 'next' : p.kind === 'branch' ? `branch:${p.name}` : p.kind;
}
