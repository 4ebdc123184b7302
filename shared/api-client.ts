/**
 * The typed API client, generated from the contract (api.ts): one function per method,
 * grouped by namespace — `api.runs.start({ text, input })`, `api.examples.list()` — with
 * params and results typed from the schemas. It runs over any {@link ApiTransport} (the
 * Electron preload, the web host's WebSocket, a test's fake) and trusts nothing it
 * receives: every reply is checked against the method's result schema and every push
 * against the event and notice schemas. A reply that does not match rejects with an
 * {@link ApiError} of code `bad_reply`; a push that does not match is dropped (and reported
 * to `onBadPush`).
 */
import type { z } from 'zod';
import { ApiError, ApiErrorBodySchema } from './api-errors';
import {
  API_METHOD_NAMES,
  API_METHODS,
  describeIssues,
  type ApiMethod,
  type ApiNamespace,
  type ApiParams,
  type ApiResult,
} from './api';
import { EngineEventSchema, type EngineEvent } from './events';
import { AppNoticeSchema, type AppNotice } from './notices';

/** How calls and pushes travel; the client adds types and checks on top. */
export interface ApiTransport {
  /**
   * Sends one call and resolves with the reply envelope exactly as received —
   * `{ result }` or `{ error }`, unchecked. Rejects only when no reply can come, with an
   * {@link ApiError}: `disconnected`, or `forbidden` when the host refused this session.
   */
  request(method: ApiMethod, params: unknown): Promise<unknown>;
  /** Delivers the payload of every `{ event }` push as received (unchecked); returns an unsubscribe. */
  onEvent(listener: (event: unknown) => void): () => void;
  /** Delivers the payload of every `{ notice }` push as received (unchecked); returns an unsubscribe. */
  onNotice(listener: (notice: unknown) => void): () => void;
}

/** Params may be left out when every param is optional. */
type MethodFn<M extends ApiMethod> =
  Record<string, never> extends ApiParams<M>
    ? (params?: ApiParams<M>) => Promise<ApiResult<M>>
    : (params: ApiParams<M>) => Promise<ApiResult<M>>;

/** `api.<namespace>.<name>(params)` for every method of the contract. */
export type ApiMethods = {
  readonly [N in ApiNamespace]: {
    readonly [M in ApiMethod as M extends `${N}.${infer F}` ? F : never]: MethodFn<M>;
  };
};

/** The renderer's API: every method, plus the checked push streams. */
export type ApiClient = ApiMethods & {
  /** Engine events, each checked against the event schema; returns an unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** App notices (menu commands, files opened from the OS, gates that opened), checked; returns an unsubscribe. */
  onNotice(listener: (notice: AppNotice) => void): () => void;
};

export interface ApiClientOptions {
  /** Sees pushes that did not match the contract (dropped); e.g. to log them. */
  onBadPush?: (problem: string, push: unknown) => void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Turns a reply envelope into the method's checked result, or throws the {@link ApiError}
 * it carries (or `bad_reply` when it is malformed).
 */
export function decodeReply<M extends ApiMethod>(method: M, reply: unknown): ApiResult<M> {
  const bad = (why: string) =>
    new ApiError('bad_reply', `${method}: the backend's reply does not match the API contract (${why})`);
  if (!isRecord(reply)) throw bad('not an object');
  if ('error' in reply) {
    const body = ApiErrorBodySchema.safeParse(reply.error);
    if (!body.success) throw bad(describeIssues('error', body.error));
    throw new ApiError(body.data.code, body.data.message, body.data.problems);
  }
  if (!('result' in reply)) throw bad('neither a result nor an error');
  const result = API_METHODS[method].result.safeParse(reply.result);
  if (!result.success) throw bad(describeIssues('result', result.error));
  return result.data as ApiResult<M>;
}

/** Builds the typed client over a transport. */
export function createApiClient(transport: ApiTransport, opts: ApiClientOptions = {}): ApiClient {
  /** One checked stream: subscribed to the transport while anyone listens. */
  function stream<T>(
    kind: 'event' | 'notice',
    schema: z.ZodType<T>,
    subscribe: (listener: (raw: unknown) => void) => () => void,
  ) {
    const listeners = new Set<(value: T) => void>();
    let unsubscribe: (() => void) | undefined;
    const deliver = (raw: unknown): void => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return opts.onBadPush?.(describeIssues(kind, parsed.error), raw);
      for (const l of [...listeners]) l(parsed.data);
    };
    return (listener: (value: T) => void): (() => void) => {
      listeners.add(listener);
      unsubscribe ??= subscribe(deliver);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        unsubscribe?.();
        unsubscribe = undefined;
      };
    };
  }

  const call = async (method: ApiMethod, params: unknown): Promise<unknown> =>
    decodeReply(method, await transport.request(method, params ?? {}));

  const groups: Record<string, Record<string, (params?: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHOD_NAMES) {
    const dot = method.indexOf('.');
    const group = (groups[method.slice(0, dot)] ??= {});
    group[method.slice(dot + 1)] = (params) => call(method, params);
  }
  return {
    ...(groups as unknown as ApiMethods),
    onEvent: stream('event', EngineEventSchema, (l) => transport.onEvent(l)),
    onNotice: stream('notice', AppNoticeSchema, (l) => transport.onNotice(l)),
  };
}
