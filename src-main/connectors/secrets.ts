/**
 * Where secret values come from. Specs only name secrets (`{ secret: 'OPENAI_API_KEY' }`);
 * the composition root decides which sources answer: the CLI chains a `--secrets-file`
 * over the environment.
 */
import { readFileSync } from 'node:fs';
import type { SecretsPort } from '../engine/ports';

/** The variable that lists the environment variables Waymark may read as secrets. */
export const ALLOW_ENV_VAR = 'WAYMARK_ALLOW_ENV';

/**
 * The names in an allowlist text: comma- (or space-) separated, e.g. `OPENAI_API_KEY,ORDERS_TOKEN`.
 * @throws SecretsAllowlistError naming the entry that is not a variable name.
 */
export function parseAllowlist(text: string | undefined, source: string): string[] {
  if (text === undefined) return [];
  const names = text.split(/[\s,]+/).filter(Boolean);
  for (const n of names)
    if (!NAME.test(n))
      throw new SecretsAllowlistError(
        `${source}: "${n}" is not an environment variable name (letters, digits and _, like OPENAI_API_KEY)`,
      );
  return names;
}

/** An allowlist entry that is not a variable name. */
export class SecretsAllowlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsAllowlistError';
  }
}

/**
 * The environment variables the user allows as secrets: `WAYMARK_ALLOW_ENV` plus `extra`
 * (the CLI's `--allow-env`, a host's settings). A spec never adds to it: a workflow naming
 * `AWS_SECRET_ACCESS_KEY` or `HOME` as a secret gets nothing unless you listed it.
 */
export function envAllowlist(env: Record<string, string | undefined> = process.env, extra: string[] = []): string[] {
  return [...new Set([...parseAllowlist(env[ALLOW_ENV_VAR], ALLOW_ENV_VAR), ...extra])].sort();
}

/**
 * Secrets from environment variables, by exact name, for the names in `allow` only (by
 * default {@link envAllowlist} of `env`). An empty value counts as unset: a blank
 * `OPENAI_API_KEY=` in a shell profile should read as "missing", not as a key.
 */
export function envSecrets(
  env: Record<string, string | undefined> = process.env,
  allow: readonly string[] = envAllowlist(env),
): SecretsPort & { allowed: readonly string[] } {
  const names = new Set(allow);
  return {
    allowed: [...names].sort(),
    get(name) {
      if (!names.has(name)) return undefined;
      const v = env[name];
      return v === undefined || v === '' ? undefined : v;
    },
  };
}

/** A secrets file that could not be read or parsed; `line` is 1-based when known. */
export class SecretsFileError extends Error {
  readonly file: string;
  readonly line?: number;
  constructor(file: string, detail: string, line?: number) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`);
    this.name = 'SecretsFileError';
    this.file = file;
    this.line = line;
  }
}

/**
 * Secrets from a file, read once, now, so a bad file fails at startup rather than in the
 * middle of a run. Two formats:
 * - a JSON object of name → string value;
 * - `KEY=VALUE` lines (dotenv style): blank lines and `#` comments ignored, an optional
 *   `export ` prefix, values optionally wrapped in matching single or double quotes.
 * Errors name the file and the line but never echo the line: it may hold a secret.
 */
export function fileSecrets(path: string): SecretsPort {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SecretsFileError(path, `cannot read secrets file (${e instanceof Error ? e.message : String(e)})`);
  }
  const values = parseSecretsText(text, path);
  return { get: (name) => values.get(name) };
}

/**
 * Parses secrets-file content (exported for tests); `file` only labels errors. A Map, not
 * an object, so a key named `__proto__` is just a key.
 */
export function parseSecretsText(text: string, file: string): Map<string, string> {
  const body = text.replace(/^\uFEFF/, '');
  // A .json name or a leading { or [ means JSON, so a JSON array gets a JSON error message.
  const json = file.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(body);
  return json ? parseJson(body, file) : parseLines(body, file);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseJson(text: string, file: string): Map<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // V8's message may quote the offending text, so only the position is reported.
    const pos = /at position (\d+)/.exec(e instanceof Error ? e.message : '');
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new SecretsFileError(file, 'invalid JSON', line);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SecretsFileError(file, 'expected a JSON object of secret name → string value');
  }
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string')
      throw new SecretsFileError(
        file,
        `value of "${k}" must be a string, got ${v === null ? 'null' : typeof v}`,
        lineOfKey(text, k),
      );
    out.set(k, v);
  }
  return out;
}

function lineOfKey(text: string, key: string): number | undefined {
  const idx = text.indexOf(JSON.stringify(key));
  return idx < 0 ? undefined : text.slice(0, idx).split('\n').length;
}

function parseLines(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? '' : line.slice(0, eq)).replace(/^export\s+/, '').trim();
    if (eq < 0 || !NAME.test(key)) {
      throw new SecretsFileError(
        file,
        'expected KEY=VALUE (a name of letters, digits and _, then "=", then the value)',
        i + 1,
      );
    }
    out.set(key, unquote(line.slice(eq + 1).trim(), file, i + 1));
  });
  return out;
}

function unquote(v: string, file: string, line: number): string {
  const q = v[0];
  if (q !== '"' && q !== "'") return v;
  if (v.length < 2 || v[v.length - 1] !== q)
    throw new SecretsFileError(file, `unterminated ${q === '"' ? 'double' : 'single'} quote`, line);
  return v.slice(1, -1);
}

/** The first port that knows a secret answers; earlier ports override later ones. */
export function chainSecrets(...ports: SecretsPort[]): SecretsPort {
  return {
    get(name) {
      for (const p of ports) {
        const v = p.get(name);
        if (v !== undefined) return v;
      }
      return undefined;
    },
  };
}
