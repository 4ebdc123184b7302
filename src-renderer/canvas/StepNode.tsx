/**
 * The canvas body of a workflow step: type icon, name, one-line summary, problem marker,
 * and one labelled handle per output port. Memoized; it reads its own problem counts from
 * the store by id, so a problem on one node re-renders that node only. What it shows
 * follows the canvas' semantic zoom level (zoom-levels.ts): full, compact, or the
 * overview face (StepOverview.tsx).
 */
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { nodeCatalog, nodeSummary, useNodeCatalog } from '../catalog/catalog';
import type { SpecNode } from '../../shared/spec/schema';
import type { StepFlowNode } from '../model/flow-mapping';
import { handleId, nodePorts, portLabel } from '../model/ports';
import { PolicyMark } from '../governance/canvas/PolicyMark';
import { GhostPorts } from './GhostPorts';
import { NodeRunOverlay } from '../runs/canvas/NodeRunOverlay';
import { useProblems } from '../store/problems-store';
import { Icon } from '../ui/icons';
import { HoverToolbar } from './HoverToolbar';
import { PortAdd } from './PortAdd';
import { StepOverview } from './StepOverview';
import { useConnectedPorts } from './usePortAdd';
import { useZoomLevel } from './zoom-levels';

function safeSummary(node: SpecNode): string {
  const desc = nodeCatalog().get(node.type);
  if (!desc) return `unknown type "${node.type}"`;
  try {
    return nodeSummary(desc, node.config);
  } catch {
    return 'incomplete configuration';
  }
}

function ProblemMarker({ id }: { id: string }) {
  const counts = useProblems((s) => s.byNode[id]);
  if (!counts || (!counts.errors && !counts.warnings)) return null;
  const isError = counts.errors > 0;
  const text = [
    counts.errors ? `${counts.errors} error${counts.errors > 1 ? 's' : ''}` : '',
    counts.warnings ? `${counts.warnings} warning${counts.warnings > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <span
      className={`wm-node__problems wm-node__problems--${isError ? 'error' : 'warning'}`}
      title={text}
      role="img"
      aria-label={text}
      data-testid="node-problems"
    >
      <Icon name={isError ? 'error' : 'warning'} size={13} />
      {counts.errors + counts.warnings}
    </span>
  );
}

export const StepNode = memo(function StepNode({ id, data, selected }: NodeProps<StepFlowNode>) {
  const node = data.node;
  const desc = useNodeCatalog().get(node.type);
  const level = useZoomLevel();
  const compact = level === 'compact';
  const ports = useMemo(() => nodePorts(node), [node]);
  const ghosts = data.orphanPorts;
  const portsKey = `${level}:${ports.map(handleId).join('|')}${ghosts ? `|${ghosts.join('|')}` : ''}`;
  const updateNodeInternals = useUpdateNodeInternals();
  const measuredPorts = useRef(portsKey);
  // React Flow caches handle positions and re-measures only when a node's size changes;
  // renamed branches (or a new zoom level) can keep the size, so tell it. Not on mount:
  // React Flow measures new nodes itself, and 1,000 extra measurements on open would be
  // quadratic work.
  useEffect(() => {
    if (measuredPorts.current === portsKey) return;
    measuredPorts.current = portsKey;
    updateNodeInternals(id);
  }, [id, portsKey, updateNodeInternals]);
  const summary = useMemo(() => (level === 'full' ? safeSummary(node) : ''), [node, level]);
  const connected = useConnectedPorts(id);
  const category = desc?.category ?? 'unknown';
  if (level === 'overview')
    return (
      <StepOverview
        id={id}
        node={node}
        desc={desc}
        ports={ports}
        ghosts={ghosts}
        selected={!!selected}
        problems={<ProblemMarker id={id} />}
      />
    );
  return (
    <div
      className={`wm-node wm-cat-${category}${selected ? ' is-selected' : ''}${compact ? ' is-compact' : ''}${node.pinned ? ' is-pinned' : ''}`}
      data-testid={`node-${id}`}
      data-node-type={node.type}
      data-zoom-level={level}
    >
      {!desc?.entry && <Handle type="target" position={Position.Left} id="in" className="wm-handle wm-handle--in" />}
      {!compact && <HoverToolbar id={id} name={node.name} />}
      <div className="wm-node__head">
        <span className="wm-node__icon" aria-hidden="true">
          {desc?.icon ?? '?'}
        </span>
        <div className="wm-node__titles">
          <span className="wm-node__name">{node.name}</span>
          {!compact && <span className="wm-node__type">{desc?.title ?? node.type}</span>}
        </div>
        {node.pinned && <Icon name="pin" size={13} className="wm-node__pin" />}
        <PolicyMark id={id} compact={compact} />
        <ProblemMarker id={id} />
      </div>
      <NodeRunOverlay id={id} />
      {!compact && <div className="wm-node__summary">{summary}</div>}
      {(ports.length > 0 || ghosts) && (
        <div className="wm-node__ports">
          {ports.map((p) => (
            <div key={handleId(p)} className={`wm-port wm-port--${p.kind}`}>
              {!compact && <span className="wm-port__label">{portLabel(p)}</span>}
              <Handle
                type="source"
                position={Position.Right}
                id={handleId(p)}
                className={`wm-handle wm-handle--${p.kind}`}
                data-testid={`handle-${id}-${handleId(p)}`}
              />
              {!compact && !connected.includes(`|${handleId(p)}|`) && (
                <PortAdd nodeId={id} nodeName={node.name} handle={handleId(p)} label={portLabel(p)} />
              )}
            </div>
          ))}
          {ghosts && <GhostPorts id={id} ports={ghosts} compact={compact} />}
        </div>
      )}
    </div>
  );
});
