/**
 * The wire format of shared/api.ts, checked on arrival. Messages from the backend cross a
 * process boundary, so they are validated rather than cast.
 */
import type { ApiErrorBody } from '../../shared/api';
import type { EngineEvent } from '../../shared/events';
import type { AppNotice } from '../../shared/notices';
import type { Problem } from '../../shared/spec/problems';

export type Incoming =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ApiErrorBody }
  | { type: 'event'; event: EngineEvent }
  | { type: 'notice'; notice: unknown };

const ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid_params',
  'unknown_method',
  'not_found',
  'conflict',
  'invalid_spec',
  'internal',
  'forbidden',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isProblem(v: unknown): v is Problem {
  return (
    isRecord(v) &&
    (v.severity === 'error' || v.severity === 'warning') &&
    typeof v.path === 'string' &&
    typeof v.message === 'string'
  );
}

function isEngineEvent(v: unknown): v is EngineEvent {
  return isRecord(v) && typeof v.type === 'string' && typeof v.runId === 'string' && typeof v.seq === 'number';
}

/** Parses one message from the backend; undefined for anything malformed. */
export function parseIncoming(data: unknown): Incoming | undefined {
  let msg: unknown = data;
  if (typeof data === 'string') {
    try {
      msg = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(msg)) return undefined;
  if (typeof msg.id === 'number') {
    if ('error' in msg) {
      const e = msg.error;
      if (!isRecord(e) || typeof e.message !== 'string') return undefined;
      const code =
        typeof e.code === 'string' && ERROR_CODES.has(e.code) ? (e.code as ApiErrorBody['code']) : 'internal';
      const problems = Array.isArray(e.problems) ? e.problems.filter(isProblem) : undefined;
      return { type: 'error', id: msg.id, error: { code, message: e.message, ...(problems ? { problems } : {}) } };
    }
    if ('result' in msg) return { type: 'result', id: msg.id, result: msg.result };
    return undefined;
  }
  if ('event' in msg) return isEngineEvent(msg.event) ? { type: 'event', event: msg.event } : undefined;
  if ('notice' in msg) return { type: 'notice', notice: msg.notice };
  return undefined;
}

/** An API failure: carries the backend's error code and, for invalid specs, the problems. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'] | 'disconnected';
  readonly problems: Problem[];
  constructor(code: ApiErrorBody['code'] | 'disconnected', message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.problems = problems;
  }
}

const SIMPLE_COMMANDS: ReadonlySet<string> = new Set([
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.export',
  'edit.undo',
  'edit.redo',
  'edit.selectAll',
  'view.fitView',
  'view.toggleTheme',
  'help.shortcuts',
]);

/** Validates an app notice (menu command, file opened from the OS); undefined when unknown or malformed. */
export function parseNotice(v: unknown): AppNotice | undefined {
  if (!isRecord(v) || typeof v.command !== 'string') return undefined;
  if (SIMPLE_COMMANDS.has(v.command)) return { command: v.command } as AppNotice;
  if (v.command === 'file.openPath' && typeof v.path === 'string' && v.path.length > 0)
    return { command: 'file.openPath', path: v.path };
  // Gates that opened (badge, inbox refresh) and desktop-notification clicks (open the inbox on it).
  if (
    (v.command === 'approval.requested' || v.command === 'approvals.open') &&
    typeof v.approvalId === 'string' &&
    typeof v.runId === 'string'
  ) {
    return v.command === 'approval.requested'
      ? {
          command: 'approval.requested',
          approvalId: v.approvalId,
          runId: v.runId,
          message: typeof v.message === 'string' ? v.message : '',
        }
      : { command: 'approvals.open', approvalId: v.approvalId, runId: v.runId };
  }
  return undefined;
}
