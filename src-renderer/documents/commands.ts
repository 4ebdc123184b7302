/**
 * File commands: new, open, save, save as, export, examples, recent. Desktop builds get
 * native dialogs from the backend (`documents.open`/`save` without a path); the browser
 * build asks for a path in its own dialog. Export is `stringifySpec(spec)` — the exact
 * bytes the CLI runs; specs hold secret names only, never values.
 */
import { stringifySpec } from '../../shared/spec/canonical';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { errorText } from '../app/error-text';
import { api, isDesktop } from '../bridge';
import { emptySpec } from '../model/spec-ops';
import { isDirty, loadDocument, markSaved, useDoc } from '../store/doc-store';
import { openDialog, toast } from '../store/ui-store';
import { parseSpecText } from './parse';
import { setOpenError } from './open-error';

/** Asks before throwing away unsaved work. */
export function confirmDiscard(): boolean {
  if (!isDirty(useDoc.getState()) || !useDoc.getState().isOpen) return true;
  return window.confirm('Discard unsaved changes to this workflow?');
}

const describeError = errorText;

export function newDocument(): void {
  if (!confirmDiscard()) return;
  loadDocument(emptySpec(), null);
}

/** Loads spec text; on schema problems, shows them instead of a half-loaded canvas. */
function loadText(text: string, path: string | null, what: string): boolean {
  const r = parseSpecText(text);
  if (!r.ok) {
    setOpenError({ what, problems: r.problems });
    return false;
  }
  loadDocument(r.spec, path);
  return true;
}

export async function openExample(name: string): Promise<void> {
  if (!confirmDiscard()) return;
  try {
    const ex = await api.examples.read({ name });
    // An example opens as an unsaved copy: Save asks where to put it.
    if (loadText(ex.text, null, `example "${name}"`)) toast(`Opened the ${name} example`, 'success');
  } catch (e) {
    toast(`Could not open the example: ${describeError(e)}`, 'error');
  }
}

/** Where a failure is told: a toast by default; a dialog shows it in place (a toast sits behind a modal). */
export type ReportError = (message: string) => void;
const toastError: ReportError = (message) => toast(message, 'error');

export async function openPath(path: string, report: ReportError = toastError): Promise<boolean> {
  if (!confirmDiscard()) return false;
  try {
    const file = await api.documents.open({ path });
    if (!file) return false;
    return loadText(file.text, file.path, file.path);
  } catch (e) {
    report(`Could not open ${path}: ${describeError(e)}`);
    return false;
  }
}

/** Open…: a native dialog in the desktop app, the path dialog in the browser. */
export async function openDocument(): Promise<void> {
  if (!isDesktop()) {
    openDialog('open');
    return;
  }
  if (!confirmDiscard()) return;
  try {
    const file = await api.documents.open();
    if (file) loadText(file.text, file.path, file.path);
  } catch (e) {
    toast(`Could not open: ${describeError(e)}`, 'error');
  }
}

async function writeTo(
  path: string | undefined,
  spec: WorkflowSpec,
  report: ReportError = toastError,
): Promise<boolean> {
  try {
    const saved = await api.documents.save({ ...(path ? { path } : {}), text: stringifySpec(spec) });
    if (!saved) return false; // dialog cancelled
    markSaved(spec, saved.path);
    toast(`Saved ${saved.path}`, 'success');
    return true;
  } catch (e) {
    report(`Could not save: ${describeError(e)}`);
    return false;
  }
}

export async function saveDocument(): Promise<boolean> {
  const { path, spec } = useDoc.getState();
  if (!path) return saveDocumentAs();
  return writeTo(path, spec);
}

export async function saveDocumentAs(path?: string, report?: ReportError): Promise<boolean> {
  const { spec } = useDoc.getState();
  if (path) return writeTo(path, spec, report);
  if (isDesktop()) return writeTo(undefined, spec);
  openDialog('saveAs');
  return false;
}

/** The runnable spec as a download (browser) or a saved copy (desktop). The document path is unchanged. */
export async function exportSpec(): Promise<void> {
  const { spec } = useDoc.getState();
  const text = stringifySpec(spec);
  if (isDesktop()) {
    try {
      const saved = await api.documents.save({ text });
      if (saved) toast(`Exported ${saved.path}`, 'success');
    } catch (e) {
      toast(`Could not export: ${describeError(e)}`, 'error');
    }
    return;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${spec.id}.waymark.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function recentFiles(): Promise<string[]> {
  try {
    return await api.documents.recent();
  } catch {
    return [];
  }
}
