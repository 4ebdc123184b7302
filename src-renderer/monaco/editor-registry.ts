/**
 * Open code editors by model path, so a control outside an editor (the variable picker)
 * can insert text where that editor's cursor is, as one undoable edit.
 */
import type * as Monaco from 'monaco-editor';

/** Drag data type of a variable picker entry: the bare path (the drop target decides on `{{ }}`). */
export const VARIABLE_MIME = 'application/x-waymark-variable';

const editors = new Map<string, Monaco.editor.IStandaloneCodeEditor>();

export function registerEditor(path: string, editor: Monaco.editor.IStandaloneCodeEditor): () => void {
  editors.set(path, editor);
  return () => {
    if (editors.get(path) === editor) editors.delete(path);
  };
}

/** The text before the cursor of the editor at `path` (on its line), or '' when it is not open. */
export function textBeforeCursor(path: string): string {
  const ed = editors.get(path);
  const pos = ed?.getPosition();
  const model = ed?.getModel();
  if (!ed || !pos || !model) return '';
  return model.getValueInRange({
    startLineNumber: 1,
    startColumn: 1,
    endLineNumber: pos.lineNumber,
    endColumn: pos.column,
  });
}

/** Inserts `text` over the selection of the editor at `path` and focuses it; false when it is not open. */
export function insertIntoEditor(path: string, text: string): boolean {
  const ed = editors.get(path);
  const sel = ed?.getSelection();
  if (!ed || !sel) return false;
  ed.pushUndoStop();
  ed.executeEdits('variable-picker', [{ range: sel, text, forceMoveMarkers: true }]);
  ed.pushUndoStop();
  ed.focus();
  return true;
}
