/**
 * The API's error contract: the codes a backend may answer with, the error body on the
 * wire, and the error the renderer's client raises. The one list of codes: the backend's
 * `ApiError`, the Electron relay and the client all take them from here.
 */
import { z } from 'zod';
import { SUBJECT_KINDS, type Problem } from './spec/problems';

/**
 * What a call can fail with, as the backend reports it:
 * - `invalid_params` — the caller's fault: params (or an edited payload, or a run's input) do not match;
 * - `unknown_method` — no such method (or not allowed through this transport);
 * - `not_found` — no such run, approval, file or example;
 * - `conflict` — the state forbids it now (already decided — the message says by whom and when —,
 *   not paused, or the run is being driven by another process, which the message names);
 * - `invalid_spec` — the spec has errors; `problems` lists them with their JSON paths;
 * - `forbidden` — not from the app page, not allowed for this person, or not on this host;
 * - `storage` — the run database cannot be used (disk full, read-only, damaged, a record that
 *   fails its checksum, a newer schema…); the message names the file and what to do;
 * - `internal` — anything else; the message says what failed, never how (no stack).
 */
export const API_ERROR_CODES = [
  'invalid_params',
  'unknown_method',
  'not_found',
  'conflict',
  'invalid_spec',
  'internal',
  'forbidden',
  'storage',
] as const;
export const ApiErrorCodeSchema = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

/**
 * Failures the client raises itself, never sent by a backend:
 * - `disconnected` — the connection dropped before the reply (the call may or may not have happened);
 * - `bad_reply` — the reply did not match the contract (it is not trusted, nor passed on).
 */
export const CLIENT_ERROR_CODES = ['disconnected', 'bad_reply'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** A validation problem, as it crosses the wire (shared/spec/problems.ts has its meaning). */
export const ProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  path: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  zoneId: z.string().optional(),
  subject: z.string().optional(),
  subjectKind: z.enum(SUBJECT_KINDS).optional(),
  field: z.string().optional(),
}) satisfies z.ZodType<Problem>;

/** `{ code, message, problems? }`: the `error` of a failed reply. */
export const ApiErrorBodySchema = z.object({
  code: ApiErrorCodeSchema,
  message: z.string(),
  problems: z.array(ProblemSchema).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/**
 * A failed call as the renderer's client reports it: the backend's code and message (and,
 * for invalid specs and inputs, the problems), or a client code.
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode | ClientErrorCode;
  readonly problems: Problem[];

  constructor(code: ApiErrorCode | ClientErrorCode, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.problems = problems;
  }
}
