/** The editor layout: toolbar; palette | canvas + problems | inspector or spec view. */
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { Inspector } from '../inspector/Inspector';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { SpecView } from '../panels/SpecView';
import { useUi } from '../store/ui-store';
import { Toolbar } from './Toolbar';
import { useGlobalKeys } from './useGlobalKeys';
import { useValidation } from './useValidation';

export function Editor() {
  const rightPanel = useUi((s) => s.rightPanel);
  useGlobalKeys();
  useValidation();
  return (
    <div className="wm-editor">
      <Toolbar />
      <div className="wm-editor__body">
        <Palette />
        <main className="wm-editor__main" aria-label="Workflow">
          <Canvas />
          <ProblemsPanel />
        </main>
        <aside className="wm-editor__right" aria-label={rightPanel === 'spec' ? 'Spec JSON' : 'Inspector'}>
          {rightPanel === 'spec' ? <SpecView /> : <Inspector />}
        </aside>
      </div>
    </div>
  );
}
