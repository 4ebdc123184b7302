/**
 * The secret boundary: a secret value leaves the engine only through the connector that
 * declares it, and only in the place it declares — an HTTP connector's secret header, an LLM
 * connector's API key. Redaction (redact.ts) keeps values out of what is stored and shown;
 * this keeps them out of what is *sent*:
 *
 * - every request a node makes passes {@link guardedPorts} after policy has decided it (so an
 *   approver's edits are checked too): a known secret value, in any of the forms redaction
 *   knows (URL, form, JSON, base64, any case), in the URL, the body, a header other than the
 *   connector's own secret header, a model's messages, or another connector's key, refuses
 *   the call (`secret.boundary`, not retried) naming the step, the connector, the field and
 *   the secret; a secret header sent anywhere but its connector's origin is refused too;
 * - what comes back (response bodies and headers, model replies, error messages) is scrubbed
 *   before the node sees it, so a node never holds an echoed value, and a length cap a node
 *   applies to an error text can no longer cut a value in half before redaction;
 * - nodes read only the secrets the spec declares ({@link declaredSecrets}).
 *
 * Step outputs are scrubbed before later steps see them (drive.ts), so expressions never
 * hold a value either.
 */
import type { LlmConnector, WorkflowSpec } from '../../shared/spec/schema';
import { StepError } from './errors';
import type { HttpPort, HttpResponse, LlmPort, LlmRequest, SecretsPort } from './ports';
import type { RunRedactor } from './redact';

/** Where one connector may send secrets: header name (lower case) → secret, or its API key's secret. */
interface ConnectorSecrets {
  headers: Map<string, string>;
  apiKey?: string;
  origin?: string;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** What each connector of `spec` may send (secret headers, API key) and to which origin. */
export function connectorSecrets(spec: Pick<WorkflowSpec, 'connectors'>): Map<string, ConnectorSecrets> {
  const out = new Map<string, ConnectorSecrets>();
  for (const [alias, c] of Object.entries(spec.connectors ?? {})) {
    const headers = new Map<string, string>();
    if (c.kind === 'http')
      for (const [h, v] of Object.entries(c.headers ?? {}))
        if (typeof v === 'object') headers.set(h.toLowerCase(), v.secret);
    const origin = originOf(c.baseUrl);
    out.set(alias, {
      headers,
      ...(c.kind === 'llm' && c.apiKey ? { apiKey: c.apiKey.secret } : {}),
      ...(origin ? { origin } : {}),
    });
  }
  return out;
}

/** A secrets port that answers only the names the spec declares. */
export function declaredSecrets(spec: Pick<WorkflowSpec, 'secrets'>, base: SecretsPort): SecretsPort {
  const names = new Set((spec.secrets ?? []).map((s) => s.name));
  return { get: (name) => (names.has(name) ? base.get(name) : undefined) };
}

/** Who is calling: the step (as people know it) and the connector its type's call declares. */
export interface BoundaryCaller {
  /** E.g. `Step 'Look up order'`. */
  subject: string;
  /** The HTTP connector the node's declared call names, if any. */
  httpConnector?: string;
}

function refused(caller: BoundaryCaller, connector: string | undefined, field: string, secret: string): StepError {
  const via = connector !== undefined ? ` through connector "${connector}"` : '';
  return new StepError({
    code: 'secret.boundary',
    retryable: false,
    message: `${caller.subject} would send secret ${secret} in ${field}${via}: a secret is sent only by the connector that declares it, in its headers or API key. Send the data without the secret value, or declare the secret on the connector that needs it.`,
    detail: { secret, field, ...(connector !== undefined ? { connector } : {}) },
  });
}

/** `e` with its message and detail scrubbed (errors of our own ports are `StepError`s; others pass as is). */
function scrubError(red: RunRedactor, e: unknown): unknown {
  if (!(e instanceof StepError) || !red.active) return e;
  return new StepError({
    code: e.code,
    retryable: e.retryable,
    message: red.scrubText(e.message),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(e.detail !== undefined ? { detail: red.scrub(e.detail) } : {}),
  });
}

function scrubResponse(red: RunRedactor, res: HttpResponse): HttpResponse {
  if (!red.active) return res;
  return { status: res.status, headers: red.scrub(res.headers), body: red.scrubText(res.body) };
}

/**
 * HTTP and LLM ports that enforce the boundary for one step (see the module comment).
 * The values allowed in a connector's own places are those `red` registered.
 */
export function guardedPorts(
  inner: { http: HttpPort; llm: LlmPort },
  red: RunRedactor,
  spec: Pick<WorkflowSpec, 'connectors'>,
  caller: BoundaryCaller,
): { http: HttpPort; llm: LlmPort } {
  const allowed = connectorSecrets(spec);
  return {
    http: {
      request: async (req) => {
        const alias = caller.httpConnector;
        const own = alias !== undefined ? allowed.get(alias) : undefined;
        const hit = (field: string, text: string | undefined): void => {
          const name = text === undefined ? undefined : red.find(text);
          if (name) throw refused(caller, alias, field, name);
        };
        hit('the URL', req.url);
        hit('the body', req.body);
        for (const [h, v] of Object.entries(req.headers)) {
          const declared = own?.headers.get(h.toLowerCase());
          if (declared !== undefined && v === (declared !== undefined ? red.value(declared) : undefined)) {
            // The connector's own secret header: only to the connector's own service.
            if (own?.origin !== undefined && originOf(req.url) !== own.origin)
              throw refused(caller, alias, `header "${h}" to ${originOf(req.url) ?? req.url}`, declared);
            continue;
          }
          hit(`header "${h}"`, v);
          hit(`header name "${h}"`, h);
        }
        try {
          return scrubResponse(red, await inner.http.request(req));
        } catch (e) {
          throw scrubError(red, e);
        }
      },
    },
    llm: {
      complete: async (req: LlmRequest) => {
        const alias = aliasOf(spec, req.connector);
        const own = alias !== undefined ? allowed.get(alias) : undefined;
        if (
          req.apiKey !== undefined &&
          req.apiKey !== (own?.apiKey !== undefined ? red.value(own.apiKey) : undefined)
        ) {
          const name = red.find(req.apiKey);
          if (name) throw refused(caller, alias, 'the API key', name);
        }
        req.messages.forEach((m, i) => {
          const name = red.find(m.content);
          if (name) throw refused(caller, alias, `message ${i + 1} (${m.role})`, name);
        });
        if (req.jsonSchema) {
          const name = red.find(JSON.stringify(req.jsonSchema));
          if (name) throw refused(caller, alias, 'the output schema', name);
        }
        try {
          const res = await inner.llm.complete(req);
          return red.active ? { ...res, text: red.scrubText(res.text) } : res;
        } catch (e) {
          throw scrubError(red, e);
        }
      },
    },
  };
}

/** The alias of an LLM connector: the spec's own object, or one equal to it (a copy). */
function aliasOf(spec: Pick<WorkflowSpec, 'connectors'>, connector: LlmConnector): string | undefined {
  const entries = Object.entries(spec.connectors ?? {});
  const same = entries.find(([, c]) => c === connector);
  if (same) return same[0];
  const text = JSON.stringify(connector);
  return entries.find(([, c]) => JSON.stringify(c) === text)?.[0];
}
