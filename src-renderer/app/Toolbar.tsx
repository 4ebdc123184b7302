/**
 * The top bar: document identity and state, file actions, edit and canvas tools, the run
 * controls, governance, and view controls (find, right panel, panel toggles, theme,
 * shortcuts). It never overflows: as the window narrows it folds step by step (useFitLevel)
 * — labels become icons, then whole groups move into the "More" menu (…), least used first.
 * The run controls, Save and Undo/Redo always stay on the bar.
 */
import { useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { exportSpec, newDocument, openDocument, saveDocument, saveDocumentAs } from '../documents/commands';
import { GovernanceTools } from '../governance/GovernanceTools';
import { togglePolicyView, useGovernance } from '../governance/store/governance-store';
import { GovIcon } from '../governance/ui/gov-icons';
import { useCanvasCommand } from '../inspector/useCanvasCommand';
import { RunControls } from '../runs/running/RunControls';
import { isLive, useRuns } from '../runs/store/runs-store';
import { useApprovals } from '../runs/store/approvals-store';
import { isDirty, redo, undo, useDoc } from '../store/doc-store';
import { openDialog, useUi, type RightPanel } from '../store/ui-store';
import { Button } from '../ui/Button';
import { runsDocked, setCollapsed, useLayout } from './layout';
import { OverflowMenu, type MenuEntry } from './OverflowMenu';
import { displayKeys, keysOf, type CommandId } from './shortcuts';
import { toggleTheme, useTheme } from './theme';
import { useFitLevel } from './useFitLevel';
import { useRunsDocking } from './useRunsDocking';

/** What folds at each level (a thing is on the bar while level < its number). */
const FOLD = {
  labels: 1,
  fileExtra: 2,
  fileOpen: 3,
  canvas: 4,
  governance: 5,
  panels: 6,
  rightSwitch: 7,
  find: 8,
  runLabels: 9,
} as const;
const MAX_LEVEL = 9;

const RIGHT: Array<{ id: RightPanel; label: string; testId?: string }> = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'spec', label: 'Spec JSON', testId: 'tab-spec' },
  { id: 'secrets', label: 'Secrets', testId: 'tab-secrets' },
  { id: 'cost', label: 'Cost', testId: 'tab-cost' },
];

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

const keys = (c: CommandId) => displayKeys(keysOf(c));

/** Shows a right panel; the runs panel gives the inspector's column back when it had taken it. */
export function showRightPanel(panel: RightPanel): void {
  useUi.setState({ rightPanel: panel });
  setCollapsed('right', false);
  const runs = useRuns.getState();
  if (runs.panelOpen && !runsDocked(window.innerWidth, useLayout.getState())) useRuns.setState({ panelOpen: false });
}

function Sep() {
  return <div className="wm-toolbar__sep" aria-hidden="true" />;
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
  const { rightPanel, problemsOpen } = useUi(
    useShallow((s) => ({ rightPanel: s.rightPanel, problemsOpen: s.problemsOpen })),
  );
  const { paletteCollapsed, rightCollapsed } = useLayout(
    useShallow((s) => ({ paletteCollapsed: s.paletteCollapsed, rightCollapsed: s.rightCollapsed })),
  );
  const runKey = useRuns((s) => `${s.current?.status ?? 'none'}:${isLive(s.current)}:${s.panelOpen}`);
  const pending = useApprovals((s) => s.pending.length > 0);
  const policyView = useGovernance((s) => s.policyView);
  const auditOpen = useRuns((s) => s.panelOpen && s.tab === 'audit');
  const theme = useTheme();
  // The right column is hidden while the runs panel takes it.
  const docking = useRunsDocking();
  const rightVisible = !rightCollapsed && docking !== false;
  const run = useCanvasCommand();
  const bar = useRef<HTMLElement>(null);
  const level = useFitLevel(bar, MAX_LEVEL, `${runKey}:${pending}:${dirty}:${!!path}`);
  const shown = (what: keyof typeof FOLD) => level < FOLD[what];

  const menu: MenuEntry[] = [];
  const fold = (what: keyof typeof FOLD, entries: MenuEntry[]) => {
    if (!shown(what)) menu.push(...entries);
  };
  fold('fileOpen', [
    { id: 'new', group: 'file', label: 'New', icon: 'filePlus', onSelect: newDocument },
    { id: 'open', group: 'file', label: 'Open…', icon: 'folderOpen', shortcut: keys('open'), onSelect: openDocument },
  ]);
  fold('fileExtra', [
    {
      id: 'saveAs',
      group: 'file',
      label: 'Save as…',
      icon: 'saveAs',
      shortcut: keys('saveAs'),
      onSelect: saveDocumentAs,
    },
    { id: 'export', group: 'file', label: 'Export', icon: 'download', shortcut: keys('export'), onSelect: exportSpec },
  ]);
  fold('canvas', [
    {
      id: 'layout',
      group: 'canvas',
      label: 'Auto-layout',
      icon: 'layout',
      shortcut: 'Shift+L',
      onSelect: () => run('layout'),
    },
    { id: 'zone', group: 'canvas', label: 'Zone', icon: 'zone', shortcut: keys('zone'), onSelect: () => run('zone') },
    { id: 'fit', group: 'canvas', label: 'Fit view', icon: 'fit', shortcut: 'Shift+1', onSelect: () => run('fit') },
  ]);
  fold('governance', [
    {
      id: 'policy',
      group: 'governance',
      label: 'Policy view',
      glyph: <GovIcon name="shieldCheck" size={15} />,
      kind: 'checkbox',
      checked: policyView,
      shortcut: 'Shift+P',
      onSelect: togglePolicyView,
    },
    {
      id: 'audit',
      group: 'governance',
      label: 'Audit log',
      glyph: <GovIcon name="scroll" size={15} />,
      kind: 'checkbox',
      checked: auditOpen,
      onSelect: () => useRuns.setState(auditOpen ? { panelOpen: false } : { panelOpen: true, tab: 'audit' }),
    },
  ]);
  fold('rightSwitch', [
    ...RIGHT.map((r): MenuEntry => ({
      id: `right-${r.id}`,
      group: 'right',
      label: r.label,
      kind: 'radio',
      checked: rightPanel === r.id,
      onSelect: () => showRightPanel(r.id),
      ...(r.testId ? { testId: `menu-${r.testId}` } : {}),
    })),
  ]);
  fold('panels', [
    {
      id: 'palette',
      group: 'panels',
      label: 'Steps palette',
      icon: 'panelLeft',
      kind: 'checkbox',
      checked: !paletteCollapsed,
      shortcut: keys('palette'),
      onSelect: () => setCollapsed('palette', !paletteCollapsed),
    },
    {
      id: 'problems',
      group: 'panels',
      label: 'Problems',
      icon: 'panelBottom',
      kind: 'checkbox',
      checked: problemsOpen,
      shortcut: keys('problems'),
      onSelect: () => useUi.setState({ problemsOpen: !problemsOpen }),
    },
    {
      id: 'inspector',
      group: 'panels',
      label: 'Inspector',
      icon: 'panelRight',
      kind: 'checkbox',
      checked: !rightCollapsed,
      shortcut: keys('inspector'),
      onSelect: () => setCollapsed('right', !rightCollapsed),
    },
    {
      id: 'theme',
      group: 'panels',
      label: 'Dark theme',
      icon: 'moon',
      kind: 'checkbox',
      checked: theme === 'dark',
      onSelect: toggleTheme,
      testId: 'menu-theme',
    },
  ]);
  fold('find', [
    {
      id: 'find',
      group: 'help',
      label: 'Find step',
      icon: 'search',
      shortcut: keys('search'),
      onSelect: () => openDialog('search'),
    },
    {
      id: 'shortcuts',
      group: 'help',
      label: 'Keyboard shortcuts',
      icon: 'keyboard',
      shortcut: '?',
      onSelect: () => openDialog('shortcuts'),
    },
    { id: 'settings', group: 'help', label: 'Settings…', icon: 'sliders', onSelect: () => openDialog('settings') },
  ]);

  const toggle = (
    icon: 'panelLeft' | 'panelBottom' | 'panelRight',
    label: string,
    on: boolean,
    c: CommandId,
    onClick: () => void,
    testId: string,
  ): ReactNode => (
    <Button
      icon={icon}
      label={label}
      iconOnly
      shortcut={keys(c)}
      aria-pressed={on}
      onClick={onClick}
      data-testid={testId}
    />
  );

  return (
    <header
      ref={bar}
      className={`wm-toolbar${level >= FOLD.labels ? ' is-compact' : ''}${level >= FOLD.runLabels ? ' is-tight' : ''}`}
      role="toolbar"
      aria-label="Editor toolbar"
      data-fold={level}
      data-testid="toolbar"
    >
      <div className="wm-toolbar__brand" aria-hidden="true">
        <span className="wm-logo">◆</span>
      </div>
      <div className="wm-toolbar__doc">
        <span className="wm-toolbar__name" data-testid="doc-name" title={name}>
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
        {shown('fileOpen') && (
          <>
            <Button icon="filePlus" label="New" onClick={newDocument} />
            <Button icon="folderOpen" label="Open" shortcut={keys('open')} onClick={() => void openDocument()} />
          </>
        )}
        <Button
          icon="save"
          label="Save"
          shortcut={keys('save')}
          onClick={() => void saveDocument()}
          data-testid="save"
        />
        {shown('fileExtra') && (
          <>
            <Button
              icon="saveAs"
              label="Save as…"
              shortcut={keys('saveAs')}
              onClick={() => void saveDocumentAs()}
              className="wm-btn--saveas"
            />
            <Button
              icon="download"
              label="Export"
              shortcut={keys('export')}
              onClick={() => void exportSpec()}
              data-testid="export"
            />
          </>
        )}
      </div>
      <Sep />
      <div className="wm-toolbar__group" role="group" aria-label="Edit">
        <Button
          icon="undo"
          label={undoLabel ? `Undo ${undoLabel}` : 'Undo'}
          iconOnly
          shortcut={keys('undo')}
          disabled={!canUndo}
          onClick={undo}
          data-testid="undo"
        />
        <Button
          icon="redo"
          label={redoLabel ? `Redo ${redoLabel}` : 'Redo'}
          iconOnly
          shortcut={keys('redo')}
          disabled={!canRedo}
          onClick={redo}
          data-testid="redo"
        />
      </div>
      {shown('canvas') && (
        <>
          <Sep />
          <div className="wm-toolbar__group" role="group" aria-label="Canvas">
            <Button icon="layout" label="Auto-layout" shortcut="Shift+L" onClick={() => run('layout')} />
            <Button icon="zone" label="Zone" shortcut={keys('zone')} onClick={() => run('zone')} />
            <Button icon="fit" label="Fit view" iconOnly shortcut="Shift+1" onClick={() => run('fit')} />
          </div>
        </>
      )}
      <Sep />
      <RunControls />
      {shown('governance') && (
        <>
          <Sep />
          <GovernanceTools />
        </>
      )}
      <div className="wm-toolbar__spacer" />
      <div className="wm-toolbar__group" role="group" aria-label="View">
        {shown('find') && (
          <Button
            icon="search"
            label="Find step"
            shortcut={keys('search')}
            onClick={() => openDialog('search')}
            className="wm-btn--search"
          >
            <kbd className="wm-kbd">{keys('search')}</kbd>
          </Button>
        )}
        {shown('rightSwitch') && (
          <div className="wm-segmented" role="group" aria-label="Right panel">
            {RIGHT.map((r) => (
              <button
                key={r.id}
                type="button"
                aria-pressed={rightPanel === r.id && rightVisible}
                className="wm-segmented__item"
                onClick={() => showRightPanel(r.id)}
                data-testid={r.testId}
              >
                {r.label}
              </button>
            ))}
          </div>
        )}
        {shown('panels') && (
          <>
            {toggle(
              'panelLeft',
              'Steps palette',
              !paletteCollapsed,
              'palette',
              () => setCollapsed('palette', !paletteCollapsed),
              'toggle-palette',
            )}
            {toggle(
              'panelBottom',
              'Problems',
              problemsOpen,
              'problems',
              () => useUi.setState({ problemsOpen: !problemsOpen }),
              'toggle-problems',
            )}
            {toggle(
              'panelRight',
              'Inspector',
              !rightCollapsed,
              'inspector',
              () => setCollapsed('right', !rightCollapsed),
              'toggle-inspector',
            )}
            <Button
              icon={theme === 'dark' ? 'moon' : 'sun'}
              label="Dark theme"
              iconOnly
              aria-pressed={theme === 'dark'}
              onClick={toggleTheme}
              data-testid="toggle-theme"
            />
          </>
        )}
        {shown('find') && (
          <Button
            icon="keyboard"
            label="Keyboard shortcuts"
            iconOnly
            shortcut="?"
            onClick={() => openDialog('shortcuts')}
          />
        )}
        {shown('find') && (
          <Button
            icon="sliders"
            label="Settings"
            iconOnly
            onClick={() => openDialog('settings')}
            data-testid="open-settings"
          />
        )}
        <OverflowMenu entries={menu} />
      </div>
    </header>
  );
}
