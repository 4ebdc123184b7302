/**
 * The secret boundary, checked at design time: a secret is sent only by the connectors that
 * declare it (an HTTP connector's headers, an LLM connector's API key), and only to one
 * service. The engine enforces the same rule on every request it sends
 * (src-main/engine/secret-boundary.ts); these problems say so before anything runs:
 *
 * - `secret.shared`: one secret declared by connectors that reach different services (a
 *   token for one API must not be handed to another);
 * - `secret.misplaced`: a `{ "secret": … }` reference in a step's settings (a URL, query,
 *   header or body of a step) instead of its connector;
 * - `secret.in-expression`: an expression or template that tries to read a secret
 *   (`secrets.NAME`, `$secret("NAME")`, `$env`): expressions never see secret values.
 */
import { stepNameById } from './problem-names';
import { jsonPath, type Problem } from './problems';
import type { Connector, WorkflowSpec } from './schema';

/** Where a provider's API lives when a connector sets no base URL. */
const PROVIDER_ORIGIN: Record<string, string> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
};

function originOf(c: Connector): string {
  const url = c.baseUrl ?? (c.kind === 'llm' ? PROVIDER_ORIGIN[c.provider] : undefined) ?? '';
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Reading a secret from an expression: `secrets.NAME`, `secrets["NAME"]`, `$secret("NAME")`, `$env`. */
const SECRET_READ = /(\$?\bsecrets?\s*(?:\.\s*|\[\s*["'`]|\(\s*["'`]))([A-Z][A-Z0-9_]*)|(\$env\s*[.([])/;

/** Where in a step's settings a person would look: `headers › Authorization`. */
const fieldOf = (keys: Array<string | number>): string => keys.map(String).join(' › ') || 'settings';

export function secretProblems(spec: WorkflowSpec): Problem[] {
  const out: Problem[] = [];
  const declared = new Set(spec.secrets.map((s) => s.name));

  // Which connectors declare each secret, and the service each reaches.
  const users = new Map<string, Array<{ alias: string; origin: string; path: Array<string | number> }>>();
  for (const [alias, c] of Object.entries(spec.connectors ?? {})) {
    const refs: Array<[Array<string | number>, string]> = [];
    if (c.kind === 'http')
      for (const [h, v] of Object.entries(c.headers ?? {}))
        if (typeof v === 'object') refs.push([['connectors', alias, 'headers', h, 'secret'], v.secret]);
    if (c.kind === 'llm' && c.apiKey) refs.push([['connectors', alias, 'apiKey', 'secret'], c.apiKey.secret]);
    for (const [path, name] of refs) {
      const list = users.get(name) ?? [];
      list.push({ alias, origin: originOf(c), path });
      users.set(name, list);
    }
  }
  for (const [name, list] of users) {
    const first = list[0]!;
    for (const other of list.slice(1)) {
      if (other.origin === first.origin) continue;
      out.push({
        severity: 'error',
        code: 'secret.shared',
        path: jsonPath(other.path),
        message: `Secret "${name}" is sent by connector "${first.alias}" (${first.origin}) and by connector "${other.alias}" (${other.origin}): a secret goes to one service only.`,
        hint: `Declare a separate secret for "${other.alias}" (e.g. ${name}_${other.alias.toUpperCase().replace(/[^A-Z0-9]/g, '_')}) and use it there.`,
      });
    }
  }

  spec.nodes.forEach((node, i) => {
    const step = `"${stepNameById(spec, node.id)}"`;
    const walk = (v: unknown, keys: Array<string | number>): void => {
      if (typeof v === 'string') {
        const m = SECRET_READ.exec(v);
        // `secrets.NAME` of a declared secret, any `$secret("…")` call, or `$env`.
        const call = m?.[1] !== undefined && /[$(]/.test(m[1]);
        if (m && (m[3] !== undefined || call || declared.has(m[2]!))) {
          const what = m[2] !== undefined ? `secret "${m[2]}"` : 'the environment ($env)';
          out.push({
            severity: 'error',
            code: 'secret.in-expression',
            path: jsonPath(['nodes', i, 'config', ...keys]),
            nodeId: node.id,
            message: `Step ${step} reads ${what} in its ${fieldOf(keys)}: expressions and templates never see secret values.`,
            hint: 'Put the secret on the connector (its headers, or its API key): the connector sends it, and the step does not need it.',
          });
        }
        return;
      }
      if (Array.isArray(v)) return v.forEach((x, j) => walk(x, [...keys, j]));
      if (v === null || typeof v !== 'object') return;
      const entries = Object.entries(v);
      if (entries.length === 1 && entries[0]![0] === 'secret' && typeof entries[0]![1] === 'string') {
        out.push({
          severity: 'error',
          code: 'secret.misplaced',
          path: jsonPath(['nodes', i, 'config', ...keys]),
          nodeId: node.id,
          message: `Step ${step} puts secret "${entries[0]![1]}" in its ${fieldOf(keys)}: a secret is sent only by a connector, in the connector's headers or API key.`,
          hint: "Move the secret to the connector's headers (or its API key) and remove it from the step.",
        });
        return;
      }
      for (const [k, x] of entries) walk(x, [...keys, k]);
    };
    walk(node.config, []);
  });
  return out;
}
