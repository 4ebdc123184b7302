/** The editor layout: toolbar; palette | canvas + problems | runs panel (when open) | inspector or spec view. */
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { Inspector } from '../inspector/Inspector';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { SnapshotCanvas } from '../runs/canvas/SnapshotCanvas';
import { RunsPanel } from '../runs/RunsPanel';
import { useRuns } from '../runs/store/runs-store';
import { SpecView } from '../panels/SpecView';
import { SecretsPanel } from '../governance/secrets/SecretsPanel';
import { useUi } from '../store/ui-store';
import { Toolbar } from './Toolbar';
import { useGlobalKeys } from './useGlobalKeys';
import { useValidation } from './useValidation';
import { NO_CANVAS_KEYS } from '../ui/keyboard';

export function Editor() {
  const rightPanel = useUi((s) => s.rightPanel);
  const runsOpen = useRuns((s) => s.panelOpen);
  const viewingRun = useRuns((s) => s.viewing !== null);
  useGlobalKeys();
  useValidation();
  return (
    <div className="wm-editor">
      <Toolbar />
      <div className={`wm-editor__body${runsOpen ? ' has-runs' : ''}`}>
        <Palette />
        <main className="wm-editor__main" aria-label="Workflow">
          {/* A past run shows on its own spec snapshot; the document's problems are not its. */}
          {viewingRun ? <SnapshotCanvas /> : <Canvas />}
          {!viewingRun && <ProblemsPanel />}
        </main>
        <RunsPanel />
        <aside
          className={`wm-editor__right ${NO_CANVAS_KEYS}`}
          aria-label={rightPanel === 'spec' ? 'Spec JSON' : rightPanel === 'secrets' ? 'Secrets' : 'Inspector'}
        >
          {rightPanel === 'spec' ? <SpecView /> : rightPanel === 'secrets' ? <SecretsPanel /> : <Inspector />}
        </aside>
      </div>
    </div>
  );
}
