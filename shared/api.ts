/**
 * The one API contract between the renderer (untrusted) and the backend. Typed once here;
 * served over Electron IPC (preload allowlist = the keys of API_METHODS) and over the web
 * host's WebSocket. Every call's params are validated in the backend with these schemas,
 * whichever transport it came through.
 *
 * Wire format (both transports): request `{ id, method, params }`, response
 * `{ id, result }` or `{ id, error: { code, message, problems? } }`, and server pushes
 * `{ event: EngineEvent }` / `{ notice: ... }`.
 */
import { z } from 'zod';
import type { EngineEvent } from './events';
import type { Problem } from './spec/problems';

const PathParam = z.string().min(1).max(4096);

/** Params schema per method. Adding a method here adds it to both transports. */
export const API_METHODS = {
  /** Validate spec text with the engine's validator. */
  'spec.validate': z.object({ text: z.string().max(20_000_000) }).strict(),
  /** List the shipped example workflows. */
  'examples.list': z.object({}).strict(),
  /** Read one example's spec text. */
  'examples.read': z.object({ name: z.string().regex(/^[a-z0-9-]+$/) }).strict(),
  /** Open a spec file (desktop: native dialog when `path` is absent). */
  'documents.open': z.object({ path: PathParam.optional() }).strict(),
  /** Save spec text to a path (desktop: native dialog when `path` is absent). Returns the canonical text written. */
  'documents.save': z.object({ path: PathParam.optional(), text: z.string().max(20_000_000) }).strict(),
  /** Recently opened/saved files, newest first. */
  'documents.recent': z.object({}).strict(),
} as const;

export type ApiMethod = keyof typeof API_METHODS;
export type ApiParams<M extends ApiMethod> = z.input<(typeof API_METHODS)[M]>;

export interface ExampleInfo {
  name: string;
  title: string;
  description: string;
}

export interface DocumentFile {
  path: string;
  text: string;
}

/** Result type per method. */
export interface ApiResults {
  'spec.validate': { ok: boolean; problems: Problem[]; canonical?: string };
  'examples.list': ExampleInfo[];
  'examples.read': { name: string; text: string };
  'documents.open': DocumentFile | null;
  'documents.save': DocumentFile | null;
  'documents.recent': string[];
}

export type ApiResult<M extends ApiMethod> = ApiResults[M];

/** What the renderer holds: one function per method, whatever the transport. */
export interface WaymarkApi {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Subscribe to engine events; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

export interface ApiErrorBody {
  code: 'invalid_params' | 'unknown_method' | 'not_found' | 'conflict' | 'invalid_spec' | 'internal' | 'forbidden';
  message: string;
  problems?: Problem[];
}

/** Validates a request's method and params; returns an error body instead of throwing. */
export function parseApiRequest(method: unknown, params: unknown): { method: ApiMethod; params: unknown } | { error: ApiErrorBody } {
  if (typeof method !== 'string' || !Object.hasOwn(API_METHODS, method)) {
    return { error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } };
  }
  const schema = API_METHODS[method as ApiMethod];
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `params${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`);
    return { error: { code: 'invalid_params', message: `${method}: ${issues.join('; ')}` } };
  }
  return { method: method as ApiMethod, params: parsed.data };
}
