/**
 * App notices: what the backend and the shell push to the renderer besides engine events
 * (menu commands, files opened from the OS, gates that opened). Here in `shared/` so the
 * renderer can check what it receives; see docs/desktop.md for what each one means.
 *
 * {@link AppNoticeSchema} is the one list: the type, the renderer's check of every pushed
 * notice and the menu's commands all come from it. Adding a notice is one entry here.
 */
import { z } from 'zod';
import { EngineEventSchema } from './events';

/** Notices that are just a command (menu items, keyboard accelerators). */
export const SIMPLE_NOTICE_COMMANDS = [
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
] as const;

export const AppNoticeSchema = z.discriminatedUnion('command', [
  z.object({ command: z.enum(SIMPLE_NOTICE_COMMANDS) }),
  /** A file opened from the OS (double-click, `open-file`, a second launch with a path). */
  z.object({ command: z.literal('file.openPath'), path: z.string().min(1) }),
  /**
   * A run stopped at an approval gate (or a policy gate, or an escalation): show a badge,
   * refresh the inbox (`approvals.list`). In Electron main also shows a desktop notification.
   */
  z.object({
    command: z.literal('approval.requested'),
    approvalId: z.string(),
    runId: z.string(),
    message: z.string().catch(''),
  }),
  /**
   * A run this backend was driving stopped on an error after its caller had been answered (the
   * disk filled up, the database became read-only or damaged, a bug): it is left interrupted and
   * resumable. `code` is the API error code (`storage` names the file and what to do).
   */
  z.object({
    command: z.literal('run.stopped'),
    runId: z.string(),
    code: z.string(),
    message: z.string().catch(''),
  }),
  /** The user clicked a gate's desktop notification (Electron): open the approvals panel on it. */
  z.object({ command: z.literal('approvals.open'), approvalId: z.string(), runId: z.string() }),
]);

/** One app notice. */
export type AppNotice = z.infer<typeof AppNoticeSchema>;
export type AppNoticeCommand = AppNotice['command'];

/** One server push, exactly as it goes on the wire. */
export const ServerPushSchema = z.union([
  z.object({ event: EngineEventSchema }),
  z.object({ notice: AppNoticeSchema }),
]);
export type ServerPush = z.infer<typeof ServerPushSchema>;
