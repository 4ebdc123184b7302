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
 * Occurrences are replaced with `[secret:NAME]` in every form a value takes on the wire or in
 * a log: as is and in any letter case; URL-encoded (component, URI and form/`URLSearchParams`
 * encoding); JSON-escaped (also with non-ASCII as `\uXXXX`, and escaped twice); base64 and
 * base64url, at any of the three byte alignments (so a value inside a longer encoded text,
 * like `user:token` in a Basic header, is found too). A string that ends or starts with a
 * piece of a value — text cut short by a length cap before it reached us — has that piece
 * replaced as well. Values shorter than {@link MIN_SECRET_LENGTH} characters are not
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

/** Encoded forms shorter than this (base64 pieces) are not registered: too likely to occur by chance. */
const MIN_ENCODED_LENGTH = 8;

/**
 * A cut-off piece of a value at the end (or start) of a string is replaced when at least
 * this long: a length cap that cut a secret in half must not leave the half readable.
 */
export const MIN_FRAGMENT_LENGTH = 6;

/** Trailing (leading) marks a length cap leaves where it cut. */
const CUT_TAIL = /(?:…|\.\.\.)?(?:\[truncated\])?\s*$/;
const CUT_HEAD = /^\s*(?:…|\.\.\.)?/;

/**
 * The parts of the base64 text of `bytes` that are the same wherever the bytes sit in a longer
 * text: one per alignment (0, 1 or 2 bytes before them), without the characters that also
 * depend on neighbouring bytes. Plus the whole padded encoding.
 */
function base64Pieces(bytes: Uint8Array): string[] {
  const out = [base64(bytes)];
  for (let k = 0; k < 3; k++) {
    const shifted = new Uint8Array(k + bytes.length);
    shifted.set(bytes, k);
    const enc = base64(shifted);
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes.length)) / 6);
    out.push(enc.slice(first, last));
  }
  return out.filter((p) => p.length >= MIN_ENCODED_LENGTH);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard padded base64 (the engine has no Buffer: it is pure TypeScript). */
function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

const toUrlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The forms in which a value can appear in text we store (see the module comment). */
export function variants(value: string): string[] {
  const out = new Set([value]);
  const tryAdd = (f: () => string): void => {
    try {
      out.add(f());
    } catch {
      // A lone surrogate cannot be URL-encoded; it cannot appear encoded either.
    }
  };
  tryAdd(() => encodeURIComponent(value));
  tryAdd(() => encodeURI(value));
  tryAdd(() => new URLSearchParams([['', value]]).toString().slice(1));
  const json = JSON.stringify(value).slice(1, -1);
  out.add(json);
  out.add(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  out.add(JSON.stringify(json).slice(1, -1));
  for (const piece of base64Pieces(new TextEncoder().encode(value))) {
    out.add(piece);
    out.add(toUrlSafe(piece));
  }
  return [...out].filter((v) => v.length >= MIN_SECRET_LENGTH);
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
  /** Variant text, lower-cased → secret name. */
  private readonly labels = new Map<string, string>();
  /** Secret name → value. */
  private readonly values = new Map<string, string>();
  /** Lower-cased prefixes (`head`) and suffixes (`tail`) of variants → name: pieces a cut leaves. */
  private readonly heads = new Map<string, string>();
  private readonly tails = new Map<string, string>();
  private longestPiece = 0;
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

  /** The names of the registered secrets. */
  get names(): string[] {
    return [...new Set(this.labels.values())];
  }

  /** The value registered under `name` (what the secret boundary compares a header with). */
  value(name: string): string | undefined {
    return this.values.get(name);
  }

  /** Adds a secret value; it is redacted from everything scrubbed afterwards. */
  register(name: string, value: string): void {
    this.values.set(name, value);
    if (value.length < MIN_SECRET_LENGTH) return;
    let added = false;
    for (const v of variants(value)) {
      const key = v.toLowerCase();
      if (this.labels.has(key)) continue;
      this.labels.set(key, name);
      added = true;
      for (let n = MIN_FRAGMENT_LENGTH; n < key.length; n++) {
        if (!this.heads.has(key.slice(0, n))) this.heads.set(key.slice(0, n), name);
        if (!this.tails.has(key.slice(-n))) this.tails.set(key.slice(-n), name);
      }
      this.longestPiece = Math.max(this.longestPiece, key.length - 1);
    }
    if (!added) return;
    // Longest first, so a secret containing another is replaced whole.
    const alternatives = [...this.labels.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(alternatives.join('|'), 'gi');
  }

  /**
   * Whether `text` holds a registered value in any of its forms; the name of the first one found.
   * (What the egress boundary asks of every request a node makes.)
   */
  find(text: string): string | undefined {
    const p = this.pattern;
    if (!p || text.length < MIN_SECRET_LENGTH) return undefined;
    p.lastIndex = 0;
    const m = p.exec(text);
    p.lastIndex = 0;
    return m ? this.labels.get(m[0].toLowerCase()) : undefined;
  }

  /** `text` with every registered value replaced by `[secret:NAME]` (see the module comment). */
  scrubText(text: string): string {
    const p = this.pattern;
    if (!p || text.length < MIN_SECRET_LENGTH) return text;
    const out = text.replace(p, (m) => `[secret:${this.labels.get(m.toLowerCase()) ?? '?'}]`);
    return this.scrubCutEnds(out);
  }

  /** Replaces a piece of a value left at the end or start of `text` by a length cap. */
  private scrubCutEnds(text: string): string {
    let out = text;
    const mark = CUT_TAIL.exec(out);
    const end = mark ? mark.index : out.length;
    const lower = out.toLowerCase();
    for (let n = Math.min(this.longestPiece, end); n >= MIN_FRAGMENT_LENGTH; n--) {
      const name = this.heads.get(lower.slice(end - n, end));
      if (name) {
        out = `${out.slice(0, end - n)}[secret:${name}]${out.slice(end)}`;
        break;
      }
    }
    const lead = CUT_HEAD.exec(out);
    const start = lead ? lead[0].length : 0;
    const lowerOut = out.toLowerCase();
    for (let n = Math.min(this.longestPiece, out.length - start); n >= MIN_FRAGMENT_LENGTH; n--) {
      const name = this.tails.get(lowerOut.slice(start, start + n));
      if (name) return `${out.slice(0, start)}[secret:${name}]${out.slice(start + n)}`;
    }
    return out;
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

  /** The redactor of a run executing here, if it is. */
  get(runId: string): RunRedactor | undefined {
    return this.open.get(runId);
  }

  /** `value` scrubbed with the run's redactor (as is when the run has none). */
  scrub<T>(runId: string, value: T): T {
    const r = this.open.get(runId);
    return r ? r.scrub(value) : value;
  }
}
