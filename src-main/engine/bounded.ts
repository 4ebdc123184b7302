/**
 * Bounded evaluation: how the engine runs work that untrusted data or a spec could make
 * endless — JSONata expressions, spec-supplied JSON Schemas, guardrail scans — without
 * ever blocking its host. Work proven cheap runs in-process (expr-cost.ts,
 * shared/spec/schema-cost.ts, small scans); the rest goes through the `SandboxPort`, whose
 * host implementation (src-main/sandbox) stops it at a deadline and a memory cap.
 */
import { isSimpleSchema } from '../../shared/spec/schema-cost';
import { parseTemplate } from '../../shared/expr/template';
import { validateAgainst } from '../../shared/spec/jsonschema';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { expressionsOf } from '../../shared/nodes/derive';
import { StepError } from './errors';
import { isCheap } from './expr-cost';
import type { NodeRegistry } from './registry';
import { evaluate as evaluateInProcess } from './expressions';
import { screenValue, type ScreenOptions, type ScreenResult } from './guardrails/screen';
import { DEFAULT_EVAL_TIMEOUT_MS, SandboxLimitError } from './limits';
import type { SandboxPort, SchemaIssues } from './ports';

/** Guardrail scans of at most this many characters of text run in-process (linear-time detectors). */
export const IN_PROCESS_SCAN_CHARS = 256 * 1024;

/** What the bounded helpers need from the step they run for. */
export interface BoundedContext {
  sandbox: SandboxPort;
  /** Who the work is for, as analysts read it: `Step 'Compute total'`, `The run input`. */
  subject: string;
  /** The step's own timeout, when it has one: it is also the limit of each evaluation. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called around sandboxed work, so a step timeout can say what was running. */
  track?: (what: string | undefined) => void;
}

function limitError(b: BoundedContext, what: string, e: SandboxLimitError, defaulted: boolean): StepError {
  // Only a step has a timeout to raise; checks outside one (the run input) run under the default.
  const hint =
    e.kind === 'time' && defaulted && b.subject.startsWith('Step')
      ? ` (the default limit; set a timeout on the step to change it)`
      : '';
  return new StepError({
    code: `${what === 'the expression' ? 'expression' : what === 'the schema check' ? 'schema' : 'guardrail'}.limit`,
    retryable: false,
    message: `${b.subject}: ${what} ${e.message}${hint}`,
    detail: { limit: e.kind, value: e.limit },
  });
}

async function sandboxed<T>(b: BoundedContext, what: string, run: (timeoutMs: number) => Promise<T>): Promise<T> {
  const timeoutMs = b.timeoutMs ?? DEFAULT_EVAL_TIMEOUT_MS;
  b.track?.(what);
  try {
    return await run(timeoutMs);
  } catch (e) {
    if (b.signal?.aborted) throw b.signal.reason ?? e;
    if (e instanceof SandboxLimitError) throw limitError(b, what, e, b.timeoutMs === undefined);
    throw e;
  } finally {
    b.track?.(undefined);
  }
}

/** Evaluates a JSONata expression: in-process when provably cheap, else in the sandbox. */
export async function evaluateBounded(b: BoundedContext, source: string, scope: unknown): Promise<unknown> {
  if (isCheap(source)) return evaluateInProcess(source, scope);
  try {
    return await sandboxed(b, 'the expression', (t) => b.sandbox.evaluate(source, scope, t, b.signal));
  } catch (e) {
    if (e instanceof StepError || b.signal?.aborted) throw e;
    throw new StepError({
      code: 'expression',
      retryable: false,
      message: `expression "${source.length > 200 ? `${source.slice(0, 200)}…` : source}" failed: ${(e as Error).message}`,
    });
  }
}

/** Validates `value` against a spec-supplied schema: in-process when the schema is simple, else in the sandbox. */
export async function validateBounded(b: BoundedContext, schema: object, value: unknown): Promise<SchemaIssues> {
  if (isSimpleSchema(schema)) return validateAgainst(schema, value);
  return sandboxed(b, 'the schema check', (t) => b.sandbox.validate(schema, value, t, b.signal));
}

function templateHoles(template: string): string[] {
  try {
    return parseTemplate(template).flatMap((p) => ('expr' in p ? [p.expr] : []));
  } catch {
    return [];
  }
}

/** Total characters of the strings in a value, counting stops once past `cap`. */
function textSize(v: unknown, cap: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n <= cap) {
    const x = stack.pop();
    if (typeof x === 'string') n += x.length;
    else if (Array.isArray(x)) stack.push(...x);
    else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        n += k.length;
        stack.push(y);
      }
    }
  }
  return n;
}

/** Screens a value for personal data and injection: in-process for small text, else in the sandbox. */
export async function screenBounded(
  b: BoundedContext,
  value: unknown,
  options: ScreenOptions,
  path = '$',
): Promise<ScreenResult> {
  if (textSize(value, IN_PROCESS_SCAN_CHARS) <= IN_PROCESS_SCAN_CHARS) return screenValue(value, options, path);
  return sandboxed(b, 'the guardrail scan', (t) => b.sandbox.screen(value, options, path, t, b.signal));
}

/** Whether a run of `spec` will likely use the sandbox: some expression is not provably cheap. */
export function needsSandbox(spec: WorkflowSpec, registry: NodeRegistry): boolean {
  return spec.nodes.some((n) => {
    const def = registry.definition(n.type);
    if (!def) return false;
    try {
      return expressionsOf(def, (n.config ?? {}) as Record<string, unknown>).some((e) =>
        e.kind === 'expression' ? !isCheap(e.source) : templateHoles(e.source).some((h) => !isCheap(h)),
      );
    } catch {
      return false;
    }
  });
}

/**
 * A `SandboxPort` that runs everything in this thread: for tests and embedding only. It
 * bounds JSONata time cooperatively (a deadline checked at every evaluation step, which
 * stops recursion) but cannot stop a single expensive built-in, cap memory or keep the
 * event loop free; the hosts wire the worker pool instead (src-main/host/runtime.ts).
 */
export function inProcessSandbox(): SandboxPort {
  return {
    evaluate: (source, scope, timeoutMs) => evaluateInProcess(source, scope, { timeoutMs }),
    validate: async (schema, value) => validateAgainst(schema, value),
    screen: async (value, options, path) => screenValue(value, options, path),
  };
}
