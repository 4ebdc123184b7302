/**
 * Secret redaction: no secret value reaches the checkpoint store, the trace, an export or
 * the audit log.
 *
 * Why one choke point instead of per-node care: a value leaks through paths no node
 * author foresees — a server echoing the Authorization header into an error body, a model
 * repeating its prompt, a URL with a token in its query. So the runner scrubs *everything*
 * it commits (events, step records, approvals, run status) and everything it returns, with
 * the values of every secret the run could have seen:
 * - secrets the spec declares are registered when the run's redactor is made (a value a
 *   connector reads under a declared name is thereby known before any node runs);
 * - any other secret is registered the moment a node reads it through `ctx.secrets`.
 * Each read by a node is also recorded, by name only, as a `secret.accessed` event (once per
 * step and name), which the audit log keeps.
 *
 * Occurrences are replaced with `[secret:NAME]`, also in their URL-encoded and
 * JSON-escaped forms. Values shorter than {@link MIN_SECRET_LENGTH} characters are not
 * redacted: replacing every "a" or "12" would destroy the trace and protect nothing.
 *
 * Consequence worth knowing: a step output that contained a secret is checkpointed with the
 * placeholder, so after a resume later nodes see `[secret:NAME]` where the value was.
 */
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { SecretsPort } from './ports';

/** Values shorter than this are not redacted (see the module comment). */
export const MIN_SECRET_LENGTH = 4;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms in which a value can appear in text we store. */
function variants(value: string): string[] {
  const out = new Set([value]);
  try {
    out.add(encodeURIComponent(value));
  } catch {
    // A lone surrogate cannot be URL-encoded; it cannot appear encoded either.
  }
  out.add(JSON.stringify(value).slice(1, -1));
  return [...out];
}

/** A node's read of a secret, by name: what `secret.accessed` records. */
export interface SecretAccess {
  stepIdx: number;
  nodeId: string;
  name: string;
  found: boolean;
}

/** One run's registered secret values and the scrubbing they imply. */
export class RunRedactor {
  /** Variant text → secret name. */
  private readonly labels = new Map<string, string>();
  private pattern: RegExp | undefined;
  /** `${stepIdx}\u0000${name}` of reads already recorded. */
  private readonly recorded = new Set<string>();

  /** Registers every secret the spec declares whose value `secrets` knows. */
  constructor(spec: Pick<WorkflowSpec, 'secrets'>, secrets: SecretsPort) {
    for (const s of spec.secrets ?? []) {
      const v = secrets.get(s.name);
      if (v !== undefined) this.register(s.name, v);
    }
  }

  /** Whether any value is registered (nothing to scrub otherwise). */
  get active(): boolean {
    return this.pattern !== undefined;
  }

  /** Adds a secret value; it is redacted from everything scrubbed afterwards. */
  register(name: string, value: string): void {
    if (value.length < MIN_SECRET_LENGTH) return;
    let added = false;
    for (const v of variants(value)) {
      if (this.labels.has(v)) continue;
      this.labels.set(v, name);
      added = true;
    }
    if (!added) return;
    // Longest first, so a secret containing another is replaced whole.
    const alternatives = [...this.labels.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }

  /** `text` with every registered value replaced by `[secret:NAME]`. */
  scrubText(text: string): string {
    const p = this.pattern;
    if (!p || text.length < MIN_SECRET_LENGTH) return text;
    return text.replace(p, (m) => `[secret:${this.labels.get(m) ?? '?'}]`);
  }

  /**
   * A deep copy of `value` with every string (and object key) scrubbed; the same value
   * when nothing is registered. Plain JSON data is expected: everything committed is JSON.
   */
  scrub<T>(value: T): T {
    if (!this.pattern) return value;
    return this.walk(value) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.scrubText(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[this.scrubText(k)] = this.walk(x);
      return out;
    }
    return v;
  }

  /**
   * A secrets port for nodes: every value read is registered, and the first read of a name
   * in a step is reported to `onAccess` (which records `secret.accessed`).
   */
  port(
    base: SecretsPort,
    step: () => { stepIdx: number; nodeId: string },
    onAccess: (access: SecretAccess) => void,
  ): SecretsPort {
    return {
      get: (name) => {
        const value = base.get(name);
        const at = step();
        const key = `${at.stepIdx}\u0000${name}`;
        if (!this.recorded.has(key)) {
          this.recorded.add(key);
          onAccess({ ...at, name, found: value !== undefined });
        }
        if (value !== undefined) this.register(name, value);
        return value;
      },
    };
  }
}

/**
 * The redactors of the runs executing in this engine, so the run loop's single commit path
 * can find the run's redactor without every caller passing it along.
 */
export class RunRedactors {
  private readonly open = new Map<string, RunRedactor>();

  /** Creates (or returns) the redactor of a run that starts executing. */
  enter(run: { id: string; spec: Pick<WorkflowSpec, 'secrets'> }, secrets: SecretsPort): RunRedactor {
    let r = this.open.get(run.id);
    if (!r) this.open.set(run.id, (r = new RunRedactor(run.spec, secrets)));
    return r;
  }

  /** Forgets a run that stopped executing. */
  leave(runId: string): void {
    this.open.delete(runId);
  }

  /** `value` scrubbed with the run's redactor (as is when the run has none). */
  scrub<T>(runId: string, value: T): T {
    const r = this.open.get(runId);
    return r ? r.scrub(value) : value;
  }
}
