/**
 * The editor layout: toolbar; palette | canvas over problems | runs panel | inspector.
 * Palette, inspector and runs panel are resizable (drag or keys on their splitters) and the
 * side panels collapse to a rail; sizes are remembered (layout.ts). On a wide window the runs
 * panel docks beside the inspector; when the canvas would get too narrow it takes the
 * inspector's column instead, and the inspector comes back when it closes.
 */
import type { CSSProperties } from 'react';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { SecretsPanel } from '../governance/secrets/SecretsPanel';
import { Inspector } from '../inspector/Inspector';
import { CostPanel } from '../panels/CostPanel';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { SpecView } from '../panels/SpecView';
import { SnapshotCanvas } from '../runs/canvas/SnapshotCanvas';
import { RunsPanel } from '../runs/RunsPanel';
import { useRuns } from '../runs/store/runs-store';
import { useUi, type RightPanel } from '../store/ui-store';
import { Button } from '../ui/Button';
import { LIMITS, RAIL_WIDTH, setCollapsed, setSize, useLayout } from './layout';
import { ResizeHandle } from './ResizeHandle';
import { Toolbar } from './Toolbar';
import { useRunsDocking } from './useRunsDocking';
import { useGlobalKeys } from './useGlobalKeys';
import { useValidation } from './useValidation';
import { NO_CANVAS_KEYS } from '../ui/keyboard';

const RIGHT_LABEL: Record<RightPanel, string> = {
  inspector: 'Inspector',
  spec: 'Spec JSON',
  secrets: 'Secrets',
  cost: 'Cost',
};
const RIGHT_NAME: Record<RightPanel, string> = {
  inspector: 'inspector',
  spec: 'spec JSON',
  secrets: 'secrets',
  cost: 'cost projection',
};

export function Editor() {
  const rightPanel = useUi((s) => s.rightPanel);
  const viewingRun = useRuns((s) => s.viewing !== null);
  const layout = useLayout();
  const docked = useRunsDocking();
  useGlobalKeys();
  useValidation();
  const runsOpen = docked !== null;
  const rightShown = docked !== false;
  const palette = layout.paletteCollapsed ? RAIL_WIDTH : layout.paletteWidth;
  const right = layout.rightCollapsed ? RAIL_WIDTH : layout.rightWidth;
  const columns = [`${palette}px`, 'minmax(0, 1fr)'];
  if (runsOpen) columns.push(`${layout.runsWidth}px`);
  if (rightShown) columns.push(`${right}px`);
  const style = { gridTemplateColumns: columns.join(' ') } as CSSProperties;
  const rightLabel = RIGHT_LABEL[rightPanel];
  return (
    <div className="wm-editor">
      <Toolbar />
      <div
        className={`wm-editor__body${runsOpen ? ' has-runs' : ''}${docked ? ' is-docked' : ''}`}
        style={style}
        data-testid="editor-body"
      >
        <div
          className={`wm-side wm-side--left${layout.paletteCollapsed ? ' is-collapsed' : ''}`}
          id="wm-palette-panel"
          data-testid="palette-panel"
        >
          {layout.paletteCollapsed ? (
            <div className="wm-rail">
              <Button
                icon="panelLeft"
                label="Show the steps palette"
                iconOnly
                onClick={() => setCollapsed('palette', false)}
                data-testid="palette-expand"
              />
            </div>
          ) : (
            <>
              <Palette />
              <ResizeHandle
                label="Resize the steps palette"
                orientation="vertical"
                value={layout.paletteWidth}
                {...LIMITS.paletteWidth}
                grow={1}
                onResize={(v) => setSize('paletteWidth', v)}
                onToggle={() => setCollapsed('palette', true)}
                controls="wm-palette-panel"
                className="wm-resize--end"
                testId="palette-resize"
              />
            </>
          )}
        </div>
        <main className="wm-editor__main" aria-label="Workflow">
          {/* A past run shows on its own spec snapshot; the document's problems are not its. */}
          {viewingRun ? <SnapshotCanvas /> : <Canvas />}
          {!viewingRun && <ProblemsPanel />}
        </main>
        {runsOpen && (
          <div className="wm-side wm-side--runs" id="wm-runs-column">
            <RunsPanel />
            <ResizeHandle
              label="Resize the runs panel"
              orientation="vertical"
              value={layout.runsWidth}
              {...LIMITS.runsWidth}
              grow={-1}
              onResize={(v) => setSize('runsWidth', v)}
              controls="wm-runs-column"
              className="wm-resize--start"
              testId="runs-resize"
            />
          </div>
        )}
        <aside
          className={`wm-editor__right wm-side ${NO_CANVAS_KEYS}${layout.rightCollapsed ? ' is-collapsed' : ''}${rightShown ? '' : ' is-hidden'}`}
          id="wm-right-panel"
          aria-label={rightLabel}
          data-testid="right-panel"
        >
          {layout.rightCollapsed ? (
            <div className="wm-rail">
              <Button
                icon="panelRight"
                label={`Show the ${RIGHT_NAME[rightPanel]}`}
                iconOnly
                onClick={() => setCollapsed('right', false)}
                data-testid="right-expand"
              />
            </div>
          ) : (
            <>
              {rightPanel === 'spec' ? (
                <SpecView />
              ) : rightPanel === 'secrets' ? (
                <SecretsPanel />
              ) : rightPanel === 'cost' ? (
                <CostPanel />
              ) : (
                <Inspector />
              )}
              <ResizeHandle
                label={`Resize the ${RIGHT_NAME[rightPanel]}`}
                orientation="vertical"
                value={layout.rightWidth}
                {...LIMITS.rightWidth}
                grow={-1}
                onResize={(v) => setSize('rightWidth', v)}
                onToggle={() => setCollapsed('right', true)}
                controls="wm-right-panel"
                className="wm-resize--start"
                testId="right-resize"
              />
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
