/**
 * App notices: what the backend and the shell push to the renderer besides engine events
 * (menu commands, files opened from the OS, gates that opened). Here in `shared/` so the
 * renderer can type what it receives; see docs/desktop.md for what each one means.
 */
import type { EngineEvent } from './events';

export type AppNotice =
  | { command: 'file.new' }
  | { command: 'file.open' }
  | { command: 'file.openPath'; path: string }
  | { command: 'file.save' }
  | { command: 'file.saveAs' }
  | { command: 'file.export' }
  | { command: 'edit.undo' }
  | { command: 'edit.redo' }
  | { command: 'edit.selectAll' }
  | { command: 'view.fitView' }
  | { command: 'view.toggleTheme' }
  | { command: 'help.shortcuts' }
  /**
   * A run stopped at an approval gate (or a policy gate, or an escalation): show a badge,
   * refresh the inbox (`approvals.list`). In Electron main also shows a desktop notification.
   */
  | { command: 'approval.requested'; approvalId: string; runId: string; message: string }
  /** The user clicked a gate's desktop notification (Electron): open the approvals panel on it. */
  | { command: 'approvals.open'; approvalId: string; runId: string };

export type AppNoticeCommand = AppNotice['command'];

/** One server push, exactly as it goes on the wire. */
export type ServerPush = { event: EngineEvent } | { notice: AppNotice };
