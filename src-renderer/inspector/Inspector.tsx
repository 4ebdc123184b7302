/** The right-hand inspector: what it shows follows the selection. */
import { useShallow } from 'zustand/react/shallow';
import { ConnectorDialogHost } from '../forms/connectors/ConnectorDialog';
import { useDoc } from '../store/doc-store';
import { EdgeInspector } from './EdgeInspector';
import { MultiInspector } from './MultiInspector';
import { NodeInspector } from './NodeInspector';
import { WorkflowInspector } from './WorkflowInspector';
import { ZoneInspector } from './ZoneInspector';

export function Inspector() {
  const selection = useDoc((s) => s.selection);
  const total = selection.nodes.length + selection.edges.length + selection.zones.length;
  const { node, edge, zone } = useDoc(
    useShallow((s) => ({
      node: total === 1 && selection.nodes[0] ? s.spec.nodes.find((n) => n.id === selection.nodes[0]) : undefined,
      edge: total === 1 && selection.edges[0] ? s.spec.edges.find((e) => e.id === selection.edges[0]) : undefined,
      zone: total === 1 && selection.zones[0] ? s.spec.zones.find((z) => z.id === selection.zones[0]) : undefined,
    })),
  );
  let body;
  if (node) body = <NodeInspector key={node.id} node={node} />;
  else if (edge) body = <EdgeInspector key={edge.id} edge={edge} />;
  else if (zone) body = <ZoneInspector key={zone.id} zone={zone} />;
  else if (total > 1) body = <MultiInspector selection={selection} />;
  else body = <WorkflowInspector />;
  return (
    <div className="wm-inspector" role="region" aria-label="Inspector">
      {body}
      <ConnectorDialogHost />
    </div>
  );
}
