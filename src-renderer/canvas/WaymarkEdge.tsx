/**
 * Edges: smooth-step paths with a label for branch names, a distinct dashed red style for
 * error edges, and a loop-bound badge when `maxTraversals` is set.
 */
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../model/flow-mapping';
import { useEdgeRun } from '../runs/canvas/useEdgeRun';
import { useProblems } from '../store/problems-store';

export const WaymarkEdge = memo(function WaymarkEdge(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
    offset: 24,
  });
  const hasProblem = useProblems((s) => (s.byEdge[id]?.errors ?? 0) > 0);
  const kind = data?.kind ?? 'next';
  const run = useEdgeRun(props.source, kind, data?.branch);
  const label = kind === 'branch' ? data?.branch : kind === 'error' ? 'error' : undefined;
  const bound = data?.maxTraversals;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={18}
        className={`wm-edge-path wm-edge-path--${kind}${selected ? ' is-selected' : ''}${hasProblem ? ' has-problem' : ''}${run === 'none' ? '' : ` is-${run}`}`}
      />
      {(label || bound) && (
        <EdgeLabelRenderer>
          <div
            className={`wm-edge-label wm-edge-label--${kind}${selected ? ' is-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
          >
            {label}
            {bound !== undefined && (
              <span className="wm-edge-label__bound" title={`taken at most ${bound} times`}>
                ≤{bound}
              </span>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
