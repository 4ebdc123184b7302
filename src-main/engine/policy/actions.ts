/**
 * The exact structured action an approver sees for an automatic approval gate, the JSON
 * Schema an edited action must satisfy, and how a decided action is applied to the call.
 *
 * An approver sees exactly what will be sent: for HTTP the method, the full URL, every
 * header — the connector's, the step's templated ones (`Host` included) and the ones the
 * engine adds — with secret values masked as `[secret:NAME]`, and the body.
 *
 * What may be edited, and why: an HTTP call's `body` (validated against the tool's
 * `requestSchema`) and an LLM call's `messages`. Method, URL, headers and connector are fixed
 * by the schema (`const`): changing them would send a different call than the one the policy
 * was checked for, bypassing the connector allow-list.
 */
import { canonicalJson } from '../../../shared/spec/canonical';
import { validateAgainst } from '../../../shared/spec/jsonschema';
import type { ChatMessage, HttpRequest, LlmRequest } from '../ports';
import { CallRefused } from './errors';

/** An HTTP call as an approver sees it. */
export interface HttpAction {
  kind: 'http';
  connector: string | null;
  method: string;
  url: string;
  /**
   * Every header sent, sorted by name, secret values masked (`[secret:NAME]`). Absent only in
   * approvals recorded before headers were shown.
   */
  headers?: Record<string, string>;
  /** The JSON body (parsed), the raw text when it is not JSON, or null without a body. */
  body: unknown;
}

/** A model call as an approver sees it. */
export interface LlmAction {
  kind: 'llm';
  connector: string | null;
  provider: string;
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
}

export type CallAction = HttpAction | LlmAction;

function parseBody(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * The structured form of an HTTP request, as an approver sees it. `mask` replaces secret
 * values (the run's redactor); headers are sorted so the same request always looks the same.
 */
export function httpAction(
  req: HttpRequest,
  connector: string | undefined,
  mask: (text: string) => string = (t) => t,
): HttpAction {
  const headers = Object.fromEntries(
    Object.entries(req.headers)
      .sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))
      .map(([k, v]) => [k, mask(v)]),
  );
  return {
    kind: 'http',
    connector: connector ?? null,
    method: req.method,
    url: mask(req.url),
    headers,
    body: parseBody(req.body === undefined ? undefined : mask(req.body)),
  };
}

/** The structured form of a model request (no API key). */
export function llmAction(req: LlmRequest, connector: string | undefined): LlmAction {
  return {
    kind: 'llm',
    connector: connector ?? null,
    provider: req.connector.provider,
    model: req.connector.model,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
  };
}

const constant = (v: unknown) => ({ const: v });

/** The schema an approver's edited action must satisfy: only body / messages may change. */
export function actionSchema(action: CallAction, requestSchema?: object): object {
  if (action.kind === 'http') {
    return {
      type: 'object',
      required: ['kind', 'connector', 'method', 'url', ...(action.headers ? ['headers'] : []), 'body'],
      additionalProperties: false,
      properties: {
        kind: constant('http'),
        connector: constant(action.connector),
        method: constant(action.method),
        url: constant(action.url),
        ...(action.headers ? { headers: constant(action.headers) } : {}),
        // A call without a body stays without one; otherwise the request schema decides.
        body: action.body === null ? constant(null) : (requestSchema ?? {}),
      },
    };
  }
  const fixed = (['kind', 'connector', 'provider', 'model', 'maxTokens', 'temperature'] as const).filter(
    (k) => action[k] !== undefined,
  );
  return {
    type: 'object',
    required: [...fixed, 'messages'],
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(fixed.map((k) => [k, constant(action[k])])),
      messages: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['role', 'content'],
          additionalProperties: false,
          properties: { role: { enum: ['system', 'user', 'assistant'] }, content: { type: 'string' } },
        },
      },
    },
  };
}

/**
 * Whether an approval requested for `requested` covers the call `action`. An HTTP call must
 * be identical (a retry sends the same bytes, so one approval covers its retries). A model
 * call is covered when it continues the approved conversation: a repair call sends the
 * approved messages plus the model's reply and the validation problems.
 */
export function covers(requested: unknown, action: CallAction): boolean {
  if (action.kind === 'http') {
    // An approval recorded before headers were shown covers the call it showed.
    const shown = requested !== null && typeof requested === 'object' && !('headers' in requested);
    const { headers: _h, ...withoutHeaders } = action;
    return canonicalJson(requested) === canonicalJson(shown ? withoutHeaders : action);
  }
  const r = requested as LlmAction | null;
  if (!r || r.kind !== 'llm' || !Array.isArray(r.messages)) return false;
  const { messages: rm, ...rest } = r;
  const { messages: am, ...arest } = action;
  return (
    canonicalJson(rest) === canonicalJson(arest) &&
    rm.length <= am.length &&
    rm.every((m, i) => canonicalJson(m) === canonicalJson(am[i]))
  );
}

/**
 * Checks a decided action again before it is sent (defence in depth: the store holds it as
 * data), so a tampered or stale decision fails closed.
 * @throws CallRefused (`policy`) when it does not satisfy the action schema.
 */
function checkDecided(requested: CallAction, decided: unknown, requestSchema?: object): void {
  const issues = validateAgainst(actionSchema(requested, requestSchema), decided);
  if (issues.length)
    throw new CallRefused(
      'policy',
      `the approved action does not match the call: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    );
}

/** The HTTP request to send after approval: the original with the approved body. */
export function applyHttpDecision(
  req: HttpRequest,
  requested: HttpAction,
  decided: unknown,
  requestSchema?: object,
): HttpRequest {
  checkDecided(requested, decided, requestSchema);
  const body = (decided as HttpAction).body;
  if (canonicalJson(body) === canonicalJson(requested.body)) return req;
  return {
    ...req,
    body:
      body === null
        ? undefined
        : typeof body === 'string' && typeof requested.body === 'string'
          ? body
          : JSON.stringify(body),
  };
}

/** The model request to send after approval: the approved messages, then whatever followed them. */
export function applyLlmDecision(req: LlmRequest, requested: LlmAction, decided: unknown): LlmRequest {
  checkDecided(requested, decided);
  const approved = (decided as LlmAction).messages;
  return { ...req, messages: [...approved, ...req.messages.slice(requested.messages.length)] };
}
