/**
 * The far-out face of a step (semantic zoom level `overview`, see zoom-levels.ts): a big
 * type icon and the name in large type, sized by the canvas (`--wm-ov-font`) so it stays
 * readable on screen. The node keeps a fixed box (so React Flow never re-measures it while
 * zooming); the face is drawn over it and grows downward when a long name wraps, and is
 * never clipped. Handles: the input on the left centre, outputs spread down the right side.
 * No summary, no port labels, no tooltips: hundreds of these can be on screen.
 */
import { Handle, Position } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import type { NodeDescriptor } from '../../shared/nodes/descriptor';
import type { Port } from '../../shared/nodes/types';
import type { SpecNode } from '../../shared/spec/schema';
import { handleId } from '../model/ports';
import { PolicyMark } from '../governance/canvas/PolicyMark';
import { NodeRunOverlay } from '../runs/canvas/NodeRunOverlay';

/** Box height of an overview step with `ports` outputs (canvas px). */
export function overviewHeight(ports: number): number {
  return Math.max(76, 16 + ports * 20);
}

export const StepOverview = memo(function StepOverview({
  id,
  node,
  desc,
  ports,
  ghosts,
  selected,
  problems,
}: {
  id: string;
  node: SpecNode;
  desc: NodeDescriptor | undefined;
  ports: readonly Port[];
  /** Ports the step no longer has but edges still leave by (drawn red; see GhostPorts). */
  ghosts?: readonly string[] | undefined;
  selected: boolean;
  problems: ReactNode;
}) {
  const category = desc?.category ?? 'unknown';
  return (
    <div
      className={`wm-node wm-node--overview wm-cat-${category}${selected ? ' is-selected' : ''}`}
      style={{ height: overviewHeight(ports.length + (ghosts?.length ?? 0)) }}
      data-testid={`node-${id}`}
      data-node-type={node.type}
      data-zoom-level="overview"
    >
      {!desc?.entry && <Handle type="target" position={Position.Left} id="in" className="wm-handle wm-handle--in" />}
      <div className="wm-ov__face">
        <span className="wm-ov__icon" aria-hidden="true">
          {desc?.icon ?? '?'}
        </span>
        <span className="wm-ov__name">{node.name}</span>
      </div>
      <div className="wm-ov__marks">
        <PolicyMark id={id} compact />
        {problems}
      </div>
      <NodeRunOverlay id={id} />
      {[
        ...ports.map((p) => ({ key: handleId(p), kind: p.kind as string })),
        ...(ghosts ?? []).map((key) => ({ key, kind: 'orphan' })),
      ].map((p, i, all) => (
        <Handle
          key={p.key}
          type="source"
          position={Position.Right}
          id={p.key}
          isConnectable={p.kind !== 'orphan'}
          className={`wm-handle wm-handle--${p.kind}`}
          style={{ top: `${((i + 1) * 100) / (all.length + 1)}%` }}
          data-testid={`handle-${id}-${p.key}`}
        />
      ))}
    </div>
  );
});
