/**
 * Desktop notifications for gates that open. The backend pushes an `approval.requested`
 * notice with every approval request; main (the only process that may show notifications)
 * turns it into an OS notification, because an analyst waiting on a run is rarely looking
 * at the window. Clicking it brings the window forward on that approval.
 */
import { Notification } from 'electron';
import type { AppNotice } from '../../shared/notices';

/** OS notification bodies are cut short anyway; keep the useful start. */
const MAX_BODY = 240;

/**
 * Notifications are held until closed or clicked: Electron may garbage-collect one that
 * nothing references, and its click handler with it.
 */
const live = new Set<Notification>();

/**
 * Shows a notification when `notice` reports an approval request (other notices are
 * ignored). `open` runs on click with the notice to send to the renderer.
 * @returns whether a notification was shown.
 */
export function notifyApprovalRequested(
  notice: AppNotice,
  open: (show: Extract<AppNotice, { command: 'approvals.open' }>) => void,
): boolean {
  if (notice.command !== 'approval.requested' || !Notification.isSupported()) return false;
  const body = notice.message.length > MAX_BODY ? `${notice.message.slice(0, MAX_BODY - 1)}…` : notice.message;
  const n = new Notification({
    title: 'Approval needed',
    body: body || `Run ${notice.runId} is waiting for a decision`,
  });
  live.add(n);
  n.on('click', () => {
    live.delete(n);
    open({ command: 'approvals.open', approvalId: notice.approvalId, runId: notice.runId });
  });
  n.on('close', () => live.delete(n));
  n.show();
  return true;
}
