import type { ConfigOf } from '../../../shared/nodes/types';
import { toolNode } from '../../../shared/nodes/tool';
import type { HttpConnector } from '../../../shared/spec/schema';
import { StepError, toErrorInfo } from '../errors';
import { httpStatusError } from '../http-status';
import type { NodeContext, NodeDefinition } from '../node-def';
import { CallRefused } from '../policy/errors';

type Config = ConfigOf<typeof toolNode>;

/** Connector headers, with secret references resolved through the secrets port. */
function connectorHeaders(ctx: NodeContext<Config>, connector: HttpConnector): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(connector.headers ?? {})) {
    if (typeof value === 'string') out[name] = value;
    else {
      const secret = ctx.secrets.get(value.secret);
      if (secret === undefined) {
        throw new StepError({
          code: 'secret.missing',
          retryable: false,
          message: `secret "${value.secret}" (header "${name}" of connector "${ctx.config.connector}") is not set`,
        });
      }
      out[name] = secret;
    }
  }
  return out;
}

/** Whether a JSON parse error happened at the very end of the text: the JSON was cut short. */
function endsMidJson(text: string, message: string): boolean {
  if (/end of JSON input/i.test(message)) return true;
  const at = /at position (\d+)/.exec(message);
  return at !== null && Number(at[1]) >= text.trimEnd().length;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return null;
  const json = contentType?.includes('json');
  if (json || /^\s*[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (e) {
      // JSON that stops mid-way was cut short, whatever the server labelled it: passing it on
      // as a plain string would hand the next step half an answer as if it were all of it.
      if ((json || /^\s*[[{]/.test(text)) && endsMidJson(text, (e as Error).message))
        throw new StepError({
          code: 'http.truncated',
          retryable: true,
          message: `response body ends before its JSON does (${text.length} characters received): it was cut short`,
        });
      if (json)
        throw new StepError({
          code: 'http.bad-json',
          retryable: false,
          message: `response is not valid JSON: ${text.slice(0, 200)}`,
        });
    }
  }
  return text;
}

/**
 * One HTTP call through a declared connector. The idempotency key is sent as
 * `Idempotency-Key` so a retried or resumed call is recognised by the server.
 */
export const tool: NodeDefinition<Config> = {
  ...toolNode,
  async run(ctx) {
    const { config } = ctx;
    const connector = ctx.spec.connectors[config.connector];
    if (!connector || connector.kind !== 'http')
      throw new StepError({
        code: 'connector',
        retryable: false,
        message: `HTTP connector "${config.connector}" is not declared`,
      });
    const base = connector.baseUrl.replace(/\/+$/, '');
    const path = await ctx.render(config.path, encodeURIComponent);
    const url = new URL(base + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(config.query ?? {})) url.searchParams.set(k, await ctx.render(v));
    const headers: Record<string, string> = { accept: 'application/json', ...connectorHeaders(ctx, connector) };
    for (const [k, v] of Object.entries(config.headers ?? {})) headers[k] = await ctx.render(v);
    headers['idempotency-key'] = ctx.idempotencyKey;
    let body: string | undefined;
    if (config.body !== undefined) {
      body = JSON.stringify((await ctx.evaluate(config.body)) ?? null);
      headers['content-type'] = 'application/json';
    }
    const started = ctx.clock.now();
    const event = {
      type: 'http.call' as const,
      stepIdx: ctx.stepIdx,
      nodeId: ctx.node.id,
      attempt: ctx.attempt,
      connector: config.connector,
      method: config.method,
      url: url.toString(),
      idempotencyKey: ctx.idempotencyKey,
    };
    let res;
    try {
      res = await ctx.http.request({
        method: config.method,
        url: url.toString(),
        headers,
        body,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
    } catch (e) {
      // Refused by policy or budget before it was sent: there was no call to record.
      if (e instanceof CallRefused) throw e;
      ctx.emit({ ...event, error: toErrorInfo(e), latencyMs: ctx.clock.now() - started });
      throw e;
    }
    const failure = httpStatusError(
      res.status,
      res.headers,
      res.body,
      ctx.clock.now(),
      `${config.method} ${url.pathname}`,
    );
    ctx.emit({
      ...event,
      status: res.status,
      latencyMs: ctx.clock.now() - started,
      ...(failure ? { error: failure.toInfo() } : {}),
    });
    if (failure) throw failure;
    const output = parseBody(res.body, res.headers['content-type']);
    if (config.responseSchema) {
      const issues = await ctx.validate(config.responseSchema, output);
      if (issues.length) {
        throw new StepError({
          code: 'schema',
          retryable: false,
          message: `response does not match the response schema: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          detail: issues,
        });
      }
    }
    return { kind: 'done', output, port: 'next' };
  },
};
