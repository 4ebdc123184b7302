/**
 * The browser build's Open and Save As dialogs. There is no native file dialog in a
 * browser, and the web host opens and saves only inside its workspace folder, so both
 * dialogs browse that folder (WorkspaceBrowser); a path can still be typed, relative to the
 * workspace or absolute inside it. The desktop app uses native dialogs instead.
 */
import { useRef, useState } from 'react';
import type { WorkspaceListing } from '../../shared/api';
import { useDoc } from '../store/doc-store';
import { openDialog } from '../store/ui-store';
import { Button } from '../ui/Button';
import { Dialog } from '../app/Dialog';
import { openPath, saveDocumentAs } from './commands';
import { useRecent } from './useRecent';
import { RecentFileItem } from './RecentFileItem';
import { WorkspaceBrowser } from './WorkspaceBrowser';

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
const dirName = (p: string): string | undefined => {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i > 0 ? p.slice(0, i) : undefined;
};
const joinPath = (dir: string, name: string): string => {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir}${dir.endsWith(sep) ? '' : sep}${name}`;
};

function WorkspaceNote({ workspace }: { workspace: string | undefined }) {
  return (
    <p className="wm-field__help" data-testid="workspace-note">
      {workspace ? (
        <>
          Workspace <code className="wm-browser__root">{workspace}</code> — the only folder this editor opens and saves
          in (<code>waymark serve --workspace</code> chooses another).
        </>
      ) : (
        'Reading the workspace…'
      )}
    </p>
  );
}

function Problem({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="wm-field__error" role="alert" data-testid="file-dialog-problem">
      {message}
    </p>
  );
}

export function OpenDialog() {
  const [path, setPath] = useState('');
  const [workspace, setWorkspace] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const recent = useRecent();
  const open = async (p: string) => {
    setProblem(undefined);
    if (await openPath(p, setProblem)) openDialog(null);
  };
  return (
    <Dialog title="Open a workflow" onClose={() => openDialog(null)} testId="open-dialog" className="wm-dialog--wide">
      <WorkspaceNote workspace={workspace} />
      <WorkspaceBrowser onFile={(e) => void open(e.path)} onDir={(l) => setWorkspace(l.workspace)} />
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
            placeholder="flows/refund.waymark.json"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <Button label="Open" variant="primary" type="submit" disabled={!path.trim()} />
        </div>
      </form>
      <Problem message={problem} />
      {recent !== undefined && recent.length > 0 && (
        <>
          <h3 className="wm-dialog__subhead">Recent</h3>
          <ul className="wm-recent">
            {recent.map((p) => (
              <RecentFileItem key={p} path={p} onOpen={(path) => void open(path)} />
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}

export function SaveAsDialog() {
  const current = useDoc((s) => s.path);
  const id = useDoc((s) => s.spec.id);
  const [path, setPath] = useState(current ?? `${id}.waymark.json`);
  const [listing, setListing] = useState<WorkspaceListing>();
  const [problem, setProblem] = useState<string>();
  const save = async () => {
    setProblem(undefined);
    const target = path.trim();
    const existing = listing?.entries.find((e) => e.kind === 'file' && e.path === target);
    if (
      existing &&
      target !== current &&
      !window.confirm(`Replace ${existing.name}? It already exists in this folder.`)
    )
      return;
    if (await saveDocumentAs(target, setProblem)) openDialog(null);
  };
  // Moving to another folder keeps the file name and puts it there; the first listing only
  // completes the suggested name, never a path the person already typed.
  const typed = useRef(false);
  const first = useRef(true);
  const onDir = (l: WorkspaceListing) => {
    setListing(l);
    const initial = first.current;
    first.current = false;
    if (initial && typed.current) return;
    setPath((p) => joinPath(l.dir, baseName(p.trim()) || `${id}.waymark.json`));
  };
  return (
    <Dialog
      title="Save workflow as"
      onClose={() => openDialog(null)}
      testId="saveas-dialog"
      className="wm-dialog--wide"
    >
      <WorkspaceNote workspace={listing?.workspace} />
      <WorkspaceBrowser
        startDir={current ? dirName(current) : undefined}
        onDir={onDir}
        onFile={(e) => setPath(e.path)}
        selected={path.trim()}
      />
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
            onChange={(e) => {
              typed.current = true;
              setPath(e.target.value);
            }}
          />
          <Button label="Save" variant="primary" type="submit" disabled={!path.trim()} />
        </div>
        <p className="wm-field__help">Use the .waymark.json extension so the CLI and desktop app recognise it.</p>
      </form>
      <Problem message={problem} />
    </Dialog>
  );
}
