/**
 * Global keyboard shortcuts and system-clipboard integration. Who a key belongs to is
 * `keyOwner` (ui/keyboard.ts): keys typed into a text field or a code editor belong to
 * that field (its own undo, copy, paste), except the file shortcuts (save, open) which
 * work everywhere; on a control in a panel (inspector, dialogs) canvas keys do nothing.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { deleteSelection } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';
import { keyOwner, keyTarget } from '../ui/keyboard';
import { copyToClipboardText, pasteText, runCommand } from './commands';
import { commandFor, type CommandId } from './shortcuts';

const EVERYWHERE: ReadonlySet<CommandId> = new Set([
  'save',
  'saveAs',
  'open',
  'export',
  'search',
  'specView',
  'problems',
]);
/**
 * Document-wide commands that also act from a control in a panel (not from a text field):
 * undo, help, the debugger keys (F5, F9, F10), panel toggles and the policy view.
 */
const IN_PANELS: ReadonlySet<CommandId> = new Set([
  ...EVERYWHERE,
  'undo',
  'redo',
  'deselect',
  'help',
  'runOrContinue',
  'stopRun',
  'stepRun',
  'breakpoint',
  'policyView',
  'palette',
  'inspector',
]);
/** Clipboard keys are left to the browser so the copy/cut/paste events below fire with clipboard access. */
const CLIPBOARD: ReadonlySet<CommandId> = new Set(['copy', 'cut', 'paste']);

/** Whether a clipboard event is for the canvas selection (not a field's text, not a panel). */
const clipboardIsCanvas = () =>
  keyOwner(document.activeElement) === 'canvas' && !useUi.getState().dialog && useDoc.getState().isOpen;

export function useGlobalKeys(): void {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commandFor(e);
      if (!cmd || CLIPBOARD.has(cmd)) return;
      const owner = keyOwner(keyTarget(e));
      const dialog = useUi.getState().dialog;
      if (cmd === 'deselect' && dialog) {
        e.preventDefault();
        runCommand(cmd, rf);
        return;
      }
      if (owner === 'field' && !EVERYWHERE.has(cmd)) return;
      if (owner === 'panel' && !IN_PANELS.has(cmd)) return;
      if (dialog && !EVERYWHERE.has(cmd)) return;
      if (!useDoc.getState().isOpen && !['open', 'help'].includes(cmd)) return;
      e.preventDefault();
      runCommand(cmd, rf);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (!clipboardIsCanvas()) return;
      const text = copyToClipboardText();
      if (!text) return;
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
      if (e.type === 'cut') deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!clipboardIsCanvas()) return;
      const text = e.clipboardData?.getData('text/plain');
      if (pasteText(text || undefined, rf)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [rf]);
}
