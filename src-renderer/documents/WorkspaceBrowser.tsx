/**
 * The web app's file browser: one folder of the host's workspace at a time (the only
 * place the web app may open or save files; docs/security.md), with a breadcrumb back to
 * the workspace, folders first, then `.json` files. Links are listed but cannot be chosen:
 * the host never follows them, and saying so beats a file that silently does not open.
 */
import { useEffect, useRef, useState } from 'react';
import type { WorkspaceEntry, WorkspaceListing } from '../../shared/api';
import { api } from '../bridge';
import { Icon } from '../ui/icons';

export interface WorkspaceBrowserProps {
  /** The folder to show first (absolute, inside the workspace); the workspace itself when absent. */
  startDir?: string | undefined;
  /** A file was chosen (clicked). */
  onFile(entry: WorkspaceEntry): void;
  /** The folder shown changed (Save As puts the file name there). */
  onDir?(listing: WorkspaceListing): void;
  /** Highlights the file of this path. */
  selected?: string | undefined;
}

function formatSize(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function formatWhen(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The breadcrumb: the workspace's name, then each folder below it. */
function crumbs(l: WorkspaceListing): Array<{ label: string; dir: string }> {
  const sep = l.workspace.includes('\\') && !l.workspace.includes('/') ? '\\' : '/';
  const name = l.workspace.split(/[\\/]/).filter(Boolean).pop() ?? l.workspace;
  const out = [{ label: name, dir: l.workspace }];
  let dir = l.workspace;
  for (const part of l.relative.split(/[\\/]/).filter(Boolean)) {
    dir = `${dir}${dir.endsWith(sep) ? '' : sep}${part}`;
    out.push({ label: part, dir });
  }
  return out;
}

export function WorkspaceBrowser({ startDir, onFile, onDir, selected }: WorkspaceBrowserProps) {
  const [dir, setDir] = useState<string | undefined>(startDir);
  const [listing, setListing] = useState<WorkspaceListing>();
  const [error, setError] = useState<string>();
  const onDirRef = useRef(onDir);
  onDirRef.current = onDir;

  useEffect(() => {
    let live = true;
    setError(undefined);
    api.documents.browse(dir ? { dir } : {}).then(
      (l) => {
        if (!live) return;
        setListing(l);
        onDirRef.current?.(l);
      },
      (e: unknown) => {
        if (!live) return;
        // A start folder that is gone (or outside): fall back to the workspace itself.
        if (dir !== undefined && dir === startDir) return setDir(undefined);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [dir, startDir]);

  return (
    <div className="wm-browser" data-testid="workspace-browser">
      <div className="wm-browser__bar">
        <nav className="wm-browser__crumbs" aria-label="Folder">
          {listing &&
            crumbs(listing).map((c, i, all) => (
              <span key={c.dir} className="wm-browser__crumb">
                {i > 0 && <Icon name="chevronRight" size={12} />}
                {i === all.length - 1 ? (
                  <span aria-current="location" title={c.dir}>
                    {i === 0 && <Icon name="folder" size={13} />} {c.label}
                  </span>
                ) : (
                  <button type="button" className="wm-linkbtn" onClick={() => setDir(c.dir)} title={c.dir}>
                    {i === 0 && <Icon name="folder" size={13} />} {c.label}
                  </button>
                )}
              </span>
            ))}
        </nav>
      </div>
      {error && (
        <p className="wm-field__error" role="alert">
          {error}
        </p>
      )}
      {!listing && !error && <p className="wm-muted wm-browser__empty">Loading…</p>}
      {listing && (
        <ul className="wm-browser__list" aria-label={`Contents of ${listing.relative || 'the workspace'}`}>
          {listing.parent && (
            <li>
              <button type="button" className="wm-browser__item" onClick={() => setDir(listing.parent ?? undefined)}>
                <Icon name="arrowUp" size={14} />
                <span className="wm-browser__name">Up one folder</span>
              </button>
            </li>
          )}
          {listing.entries.map((e) => (
            <li key={e.path}>
              {e.kind === 'link' ? (
                <div
                  className="wm-browser__item is-disabled"
                  title="A symbolic link: Waymark does not open or save through links"
                >
                  <Icon name="link" size={14} />
                  <span className="wm-browser__name">{e.name}</span>
                  <span className="wm-browser__meta">link · not opened</span>
                </div>
              ) : (
                <button
                  type="button"
                  className={`wm-browser__item${e.path === selected ? ' is-selected' : ''}`}
                  onClick={() => (e.kind === 'folder' ? setDir(e.path) : onFile(e))}
                  data-kind={e.kind}
                >
                  <Icon name={e.kind === 'folder' ? 'folder' : 'file'} size={14} />
                  <span className="wm-browser__name">{e.name}</span>
                  {e.kind === 'file' && (
                    <span className="wm-browser__meta">
                      {formatSize(e.size)} · {formatWhen(e.modifiedAt)}
                    </span>
                  )}
                </button>
              )}
            </li>
          ))}
          {listing.entries.length === 0 && (
            <li className="wm-muted wm-browser__empty">No folders or workflow files here.</li>
          )}
          {listing.truncated && <li className="wm-muted wm-browser__empty">More entries than can be shown.</li>}
        </ul>
      )}
    </div>
  );
}
