/**
 * Messages between the Electron main process and the backend utility process. Both sides
 * parse what they receive with these schemas (principle 7: no casts on messages crossing
 * a boundary), even though both ends are ours: a version skew or a bug then fails loudly.
 */
import { z } from 'zod';
import { ApiErrorBodySchema } from '../../shared/api-errors';
import type { ServerPush } from '../host/events';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the envelope of a push: an engine event carries type, runId and seq; a notice
 * carries a command. The payload itself is the engine's and is forwarded as is.
 */
export function isServerPush(v: unknown): v is ServerPush {
  if (!isRecord(v)) return false;
  if ('event' in v)
    return (
      isRecord(v.event) &&
      typeof v.event.type === 'string' &&
      typeof v.event.runId === 'string' &&
      typeof v.event.seq === 'number'
    );
  if ('notice' in v) return isRecord(v.notice) && typeof v.notice.command === 'string';
  return false;
}

/** Main → backend. */
export const ToBackendSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    dataDir: z.string(),
    examplesDir: z.string(),
    /** Decrypted in main (safeStorage works only there) and held in the backend's memory for the engine. */
    secrets: z.array(z.object({ name: z.string(), value: z.string(), updatedAt: z.string() })).default([]),
    secretStatus: z.object({ encrypted: z.boolean(), warning: z.string().optional() }).default({ encrypted: false }),
  }),
  z.object({ type: z.literal('call'), id: z.number().int(), method: z.unknown(), params: z.unknown() }),
  z.object({ type: z.literal('dialog-result'), id: z.number().int(), path: z.string().nullable() }),
]);
export type ToBackend = z.infer<typeof ToBackendSchema>;

/** Backend → main. */
export const FromBackendSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('reply'),
    id: z.number().int(),
    result: z.unknown().optional(),
    error: ApiErrorBodySchema.optional(),
  }),
  z.object({
    type: z.literal('dialog'),
    id: z.number().int(),
    kind: z.enum(['open', 'save']),
    defaultName: z.string().optional(),
  }),
  z.object({ type: z.literal('push'), push: z.custom<ServerPush>(isServerPush, 'a push must be {event} or {notice}') }),
  /** A secret set or deleted through the API: main persists it with safeStorage. */
  z.object({ type: z.literal('secret-set'), name: z.string(), value: z.string() }),
  z.object({ type: z.literal('secret-delete'), name: z.string() }),
]);
export type FromBackend = z.infer<typeof FromBackendSchema>;

/** The two ends of a structured-clone message channel (Electron's ParentPort / UtilityProcess). */
export interface BackendPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}
