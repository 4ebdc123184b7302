/**
 * Debugger keys, as in code debuggers: F5 runs (or continues a paused run), Shift+F5 stops,
 * F10 steps, F9 toggles "pause before" on the selected step. Keys typed into a field belong
 * to the field, and nothing happens while the start screen is shown.
 */
import { useEffect } from 'react';
import { useDoc } from '../../store/doc-store';
import { continueRun, setBreakpoint, stepRun, stopRun } from '../store/run-actions';
import { isLive, useRuns } from '../store/runs-store';
import { keyOwner, keyTarget } from '../../ui/keyboard';

export function useRunKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!['F5', 'F9', 'F10'].includes(e.key) || keyOwner(keyTarget(e)) === 'field' || !useDoc.getState().isOpen)
        return;
      const run = useRuns.getState().current;
      e.preventDefault();
      if (e.key === 'F5' && e.shiftKey) void stopRun();
      else if (e.key === 'F5') {
        if (run?.status === 'paused') void continueRun();
        else if (!isLive(run) || run?.status !== 'running') useRuns.setState({ inputOpen: true });
      } else if (e.key === 'F10' && run?.status === 'paused') void stepRun();
      else if (e.key === 'F9') {
        const sel = useDoc.getState().selection.nodes;
        const id = sel.length === 1 ? sel[0] : undefined;
        if (id) setBreakpoint(id, 'before', !useRuns.getState().breakpoints[id]?.before);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
