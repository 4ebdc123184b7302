/**
 * The runs UI's global part, mounted once next to the app: the engine event pump, the
 * approvals inbox refresh (a gate opening or closing anywhere), the interrupted-runs
 * notice shown at start, and the run, fork and compare dialogs.
 */
import { useEffect } from 'react';
import { useDoc } from '../store/doc-store';
import { CompareDialog } from './history/CompareDialog';
import { ForkDialog } from './history/ForkDialog';
import { InterruptedRuns } from './history/InterruptedRuns';
import { RunInputDialog } from './running/RunInputDialog';
import { refreshApprovals } from './store/approvals-store';
import { onAnyEvent, startEventPump, forgetRun } from './store/event-pump';
import { useRuns } from './store/runs-store';

const GATE_EVENTS: ReadonlySet<string> = new Set(['approval.requested', 'approval.resolved', 'approval.escalated', 'run.finished']);

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
    return () => {
      off();
      offDoc();
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
