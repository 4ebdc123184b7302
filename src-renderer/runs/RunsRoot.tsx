/**
 * The runs UI's global part, mounted once next to the app: the engine event pump, the
 * approvals inbox refresh (a gate opening or closing anywhere), the interrupted-runs
 * notice shown at start, and the run, fork and compare dialogs.
 */
import { useEffect } from 'react';
import { api } from '../bridge';
import { useDoc } from '../store/doc-store';
import { toast } from '../store/ui-store';
import { CompareDialog } from './history/CompareDialog';
import { ForkDialog } from './history/ForkDialog';
import { InterruptedRuns } from './history/InterruptedRuns';
import { RunInputDialog } from './running/RunInputDialog';
import { focusApproval, refreshApprovals } from './store/approvals-store';
import { refreshInterrupted } from './store/history-store';
import { openPanel } from './store/run-actions';
import { onAnyEvent, startEventPump, forgetRun } from './store/event-pump';
import { useRuns } from './store/runs-store';

const GATE_EVENTS: ReadonlySet<string> = new Set([
  'approval.requested',
  'approval.resolved',
  'approval.escalated',
  'run.finished',
]);

export function RunsRoot() {
  const inputOpen = useRuns((s) => s.inputOpen);
  const docOpen = useDoc((s) => s.isOpen);
  useEffect(() => {
    startEventPump();
    void refreshApprovals();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Several gates can open in one burst (many runs); one refresh covers them.
    const off = onAnyEvent((e) => {
      if (!GATE_EVENTS.has(e.type) || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void refreshApprovals();
      }, 60);
    });
    // A new document is a new canvas: the run painted on the old one no longer applies.
    const offDoc = useDoc.subscribe((s, prev) => {
      if (s.docSeq !== prev.docSeq && !useRuns.getState().viewing) forgetRun();
    });
    // The backend's notices: a gate opened (maybe from the CLI on the same database), or the
    // user clicked a gate's desktop notification — open the inbox on it.
    const offNotice = api.onNotice((n) => {
      if (n.command === 'approval.requested') void refreshApprovals();
      // A run stopped on an error (a full disk, a read-only or damaged database): say why, and
      // offer it with the other interrupted runs once the cause is fixed.
      if (n.command === 'run.stopped') {
        toast(`Run ${n.runId} stopped: ${n.message}`, 'error');
        void refreshInterrupted();
      }
      if (n.command === 'approvals.open') {
        void refreshApprovals().then(() => focusApproval(n.approvalId));
        openPanel('approvals');
      }
    });
    // Closing the run view while a past run is shown goes back to the document.
    const offClose = useRuns.subscribe((s, prev) => {
      if (prev.panelOpen && !s.panelOpen && s.viewing) forgetRun();
    });
    return () => {
      offClose();
      off();
      offDoc();
      offNotice();
      clearTimeout(timer);
    };
  }, []);
  return (
    <>
      <InterruptedRuns />
      {inputOpen && docOpen && <RunInputDialog />}
      <ForkDialog />
      <CompareDialog />
    </>
  );
}
