/** What the inspector shows for a multi-selection: counts and the bulk actions. */
import type { Selection } from '../model/spec-ops';
import { deleteSelection, duplicateSelection } from '../store/actions';
import { Button } from '../ui/Button';
import { useCanvasCommand } from './useCanvasCommand';

export function MultiInspector({ selection }: { selection: Selection }) {
  const run = useCanvasCommand();
  const parts = [
    selection.nodes.length && `${selection.nodes.length} step${selection.nodes.length > 1 ? 's' : ''}`,
    selection.edges.length && `${selection.edges.length} edge${selection.edges.length > 1 ? 's' : ''}`,
    selection.zones.length && `${selection.zones.length} zone${selection.zones.length > 1 ? 's' : ''}`,
  ].filter(Boolean);
  return (
    <div className="wm-inspector__content">
      <header className="wm-inspector__head">
        <div>
          <h2 className="wm-inspector__title">{parts.join(', ')} selected</h2>
          <p className="wm-inspector__sub">Drag to move them together, or use the actions below.</p>
        </div>
      </header>
      <div className="wm-actions">
        <Button icon="copy" label="Duplicate" variant="secondary" shortcut="Ctrl+D" onClick={duplicateSelection} />
        <Button
          icon="zone"
          label="Put in a zone"
          variant="secondary"
          shortcut="Ctrl+G"
          onClick={() => run('zone')}
          disabled={!selection.nodes.length}
        />
        <Button icon="trash" label="Delete" variant="danger" shortcut="Delete" onClick={deleteSelection} />
      </div>
    </div>
  );
}
