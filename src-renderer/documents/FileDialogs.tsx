/**
 * The browser build's Open and Save As dialogs. There is no native file dialog in a
 * browser, so the user types a path on the machine running the web host (or picks a
 * recent file); the desktop app uses native dialogs instead.
 */
import { useState } from 'react';
import { useDoc } from '../store/doc-store';
import { openDialog } from '../store/ui-store';
import { Button } from '../ui/Button';
import { Dialog } from '../app/Dialog';
import { openPath, saveDocumentAs } from './commands';
import { useRecent } from './useRecent';
import { RecentFileItem } from './RecentFileItem';

export function OpenDialog() {
  const [path, setPath] = useState('');
  const recent = useRecent();
  const open = async (p: string) => {
    if (await openPath(p)) openDialog(null);
  };
  return (
    <Dialog title="Open a workflow" onClose={() => openDialog(null)} testId="open-dialog">
      <form
        className="wm-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void open(path.trim());
        }}
      >
        <label htmlFor="wm-open-path" className="wm-field__label">
          File path on this machine
        </label>
        <div className="wm-inline">
          <input
            id="wm-open-path"
            className="wm-input wm-input--mono"
            autoFocus
            placeholder="/home/me/flows/refund.waymark.json"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <Button label="Open" variant="primary" type="submit" disabled={!path.trim()} />
        </div>
      </form>
      <h3 className="wm-dialog__subhead">Recent</h3>
      {recent === undefined && <p className="wm-muted">Loading…</p>}
      {recent?.length === 0 && <p className="wm-muted">No recent files yet.</p>}
      <ul className="wm-recent">
        {recent?.map((p) => (
          <RecentFileItem key={p} path={p} onOpen={(path) => void open(path)} />
        ))}
      </ul>
    </Dialog>
  );
}

export function SaveAsDialog() {
  const current = useDoc((s) => s.path);
  const id = useDoc((s) => s.spec.id);
  const [path, setPath] = useState(current ?? `${id}.waymark.json`);
  const save = async () => {
    if (await saveDocumentAs(path.trim())) openDialog(null);
  };
  return (
    <Dialog title="Save workflow as" onClose={() => openDialog(null)} testId="saveas-dialog">
      <form
        className="wm-form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void save();
        }}
      >
        <label htmlFor="wm-save-path" className="wm-field__label">
          File path on this machine
        </label>
        <div className="wm-inline">
          <input
            id="wm-save-path"
            className="wm-input wm-input--mono"
            autoFocus
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <Button label="Save" variant="primary" type="submit" disabled={!path.trim()} />
        </div>
        <p className="wm-field__help">
          Relative paths are resolved by the host. Use the .waymark.json extension so the CLI and desktop app recognise
          it.
        </p>
      </form>
    </Dialog>
  );
}
