/** The top bar: document identity and state, file actions, edit and canvas tools, view toggles. */
import { useShallow } from 'zustand/react/shallow';
import { exportSpec, newDocument, openDocument, saveDocument, saveDocumentAs } from '../documents/commands';
import { useCanvasCommand } from '../inspector/useCanvasCommand';
import { GovernanceTools } from '../governance/GovernanceTools';
import { RunControls } from '../runs/running/RunControls';
import { isDirty, redo, undo, useDoc } from '../store/doc-store';
import { openDialog, useUi } from '../store/ui-store';
import { Button } from '../ui/Button';
import { displayKeys } from './shortcuts';

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function Toolbar() {
  const { name, path, dirty, canUndo, canRedo, undoLabel, redoLabel } = useDoc(
    useShallow((s) => ({
      name: s.spec.name,
      path: s.path,
      dirty: isDirty(s),
      canUndo: s.history.past.length > 0,
      canRedo: s.history.future.length > 0,
      undoLabel: s.history.past.at(-1)?.label,
      redoLabel: s.history.future.at(-1)?.label,
    })),
  );
  const rightPanel = useUi((s) => s.rightPanel);
  const run = useCanvasCommand();
  return (
    <header className="wm-toolbar" role="toolbar" aria-label="Editor toolbar">
      <div className="wm-toolbar__brand" aria-hidden="true">
        <span className="wm-logo">◆</span>
      </div>
      <div className="wm-toolbar__doc">
        <span className="wm-toolbar__name" data-testid="doc-name">
          {name}
        </span>
        {dirty && (
          <span
            className="wm-dirty"
            role="img"
            aria-label="Unsaved changes"
            title="Unsaved changes"
            data-testid="dirty-marker"
          >
            ●
          </span>
        )}
        <span className="wm-toolbar__path" title={path ?? undefined}>
          {path ? basename(path) : 'Not saved yet'}
        </span>
      </div>
      <div className="wm-toolbar__group" role="group" aria-label="File">
        <Button icon="filePlus" label="New" onClick={newDocument} />
        <Button icon="folderOpen" label="Open" shortcut={displayKeys('Mod+O')} onClick={() => void openDocument()} />
        <Button
          icon="save"
          label="Save"
          shortcut={displayKeys('Mod+S')}
          onClick={() => void saveDocument()}
          data-testid="save"
        />
        <Button
          icon="saveAs"
          label="Save as…"
          shortcut={displayKeys('Mod+Shift+S')}
          onClick={() => void saveDocumentAs()}
          className="wm-btn--saveas"
        />
        <Button
          icon="download"
          label="Export"
          shortcut={displayKeys('Mod+E')}
          onClick={() => void exportSpec()}
          data-testid="export"
        />
      </div>
      <div className="wm-toolbar__sep" aria-hidden="true" />
      <div className="wm-toolbar__group" role="group" aria-label="Edit">
        <Button
          icon="undo"
          label={undoLabel ? `Undo ${undoLabel}` : 'Undo'}
          iconOnly
          shortcut={displayKeys('Mod+Z')}
          disabled={!canUndo}
          onClick={undo}
          data-testid="undo"
        />
        <Button
          icon="redo"
          label={redoLabel ? `Redo ${redoLabel}` : 'Redo'}
          iconOnly
          shortcut={displayKeys('Mod+Shift+Z')}
          disabled={!canRedo}
          onClick={redo}
          data-testid="redo"
        />
      </div>
      <div className="wm-toolbar__sep" aria-hidden="true" />
      <div className="wm-toolbar__group" role="group" aria-label="Canvas">
        <Button icon="layout" label="Auto-layout" shortcut="Shift+L" onClick={() => run('layout')} />
        <Button icon="zone" label="Zone" shortcut={displayKeys('Mod+G')} onClick={() => run('zone')} />
        <Button icon="fit" label="Fit view" iconOnly shortcut="Shift+1" onClick={() => run('fit')} />
      </div>
      <div className="wm-toolbar__sep" aria-hidden="true" />
      <RunControls />
      <div className="wm-toolbar__sep" aria-hidden="true" />
      <GovernanceTools />
      <div className="wm-toolbar__spacer" />
      <div className="wm-toolbar__group" role="group" aria-label="View">
        <Button
          icon="search"
          label="Find node"
          shortcut={displayKeys('Mod+K')}
          onClick={() => openDialog('search')}
          className="wm-btn--search"
        >
          <kbd className="wm-kbd">{displayKeys('Mod+K')}</kbd>
        </Button>
        <div className="wm-segmented" role="group" aria-label="Right panel">
          <button
            type="button"
            aria-pressed={rightPanel === 'inspector'}
            className="wm-segmented__item"
            onClick={() => useUi.setState({ rightPanel: 'inspector' })}
          >
            Inspector
          </button>
          <button
            type="button"
            aria-pressed={rightPanel === 'spec'}
            className="wm-segmented__item"
            onClick={() => useUi.setState({ rightPanel: 'spec' })}
            data-testid="tab-spec"
          >
            Spec JSON
          </button>
          <button
            type="button"
            aria-pressed={rightPanel === 'secrets'}
            className="wm-segmented__item"
            onClick={() => useUi.setState({ rightPanel: 'secrets' })}
            data-testid="tab-secrets"
          >
            Secrets
          </button>
        </div>
        <Button
          icon="keyboard"
          label="Keyboard shortcuts"
          iconOnly
          shortcut="?"
          onClick={() => openDialog('shortcuts')}
        />
      </div>
    </header>
  );
}
