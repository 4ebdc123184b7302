/**
 * Global keyboard shortcuts and system-clipboard integration. Keys typed into a text
 * field or a code editor belong to that field (its own undo, copy, paste), except the
 * file shortcuts (save, open) which work everywhere.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { deleteSelection } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';
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
/** Clipboard keys are left to the browser so the copy/cut/paste events below fire with clipboard access. */
const CLIPBOARD: ReadonlySet<CommandId> = new Set(['copy', 'cut', 'paste']);

export function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'color', 'range'].includes(el.type);
  return (
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el as HTMLElement).isContentEditable ||
    !!el.closest('.monaco-editor')
  );
}

export function useGlobalKeys(): void {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commandFor(e);
      if (!cmd || CLIPBOARD.has(cmd)) return;
      const inField = isEditable(document.activeElement);
      const dialog = useUi.getState().dialog;
      if (cmd === 'deselect' && dialog) {
        e.preventDefault();
        runCommand(cmd, rf);
        return;
      }
      if (inField && !EVERYWHERE.has(cmd)) return;
      if (dialog && !EVERYWHERE.has(cmd)) return;
      if (!useDoc.getState().isOpen && !['open', 'help'].includes(cmd)) return;
      e.preventDefault();
      runCommand(cmd, rf);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement) || useUi.getState().dialog || !useDoc.getState().isOpen) return;
      const text = copyToClipboardText();
      if (!text) return;
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
      if (e.type === 'cut') deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement) || useUi.getState().dialog || !useDoc.getState().isOpen) return;
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
