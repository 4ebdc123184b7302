/**
 * Edges: the route auto-layout drew (edge-routes.ts) or else smooth-step paths, with a label
 * for branch names, a distinct dashed red style for error edges, and a loop-bound badge
 * when `maxTraversals` is set. Far out (overview zoom) those labels are dropped. An orphan
 * edge (its step no longer has the port it leaves by) stays visible, dashed red from a
 * ghost port, with a label saying why that opens its one-click fix (reconnect or delete).
 */
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../model/flow-mapping';
import { useEdgeRun } from '../runs/canvas/useEdgeRun';
import { orphanLabel } from '../model/orphans';
import { useProblems } from '../store/problems-store';
import { EdgeFixMenu } from './EdgeFixMenu';
import { useRoutedPath } from './edge-routes';
import { useZoomLevel } from './zoom-levels';

export const WaymarkEdge = memo(function WaymarkEdge(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const routed = useRoutedPath(id, props.source, props.target, sourceX, sourceY, targetX, targetY);
  const overview = useZoomLevel() === 'overview';
  const [path, labelX, labelY] =
    routed ??
    getSmoothStepPath({
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
  const orphan = data?.orphan;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={18}
        className={`wm-edge-path wm-edge-path--${kind}${selected ? ' is-selected' : ''}${hasProblem ? ' has-problem' : ''}${orphan ? ' is-orphan' : ''}${routed ? ' is-routed' : ''}${run === 'none' ? '' : ` is-${run}`}`}
      />
      {orphan ? (
        <EdgeLabelRenderer>
          <div
            className={`wm-edge-label wm-edge-label--orphan nodrag nopan${selected ? ' is-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
          >
            <EdgeFixMenu edgeId={id} label={orphanLabel(orphan)} testId={`edge-fix-${id}`} />
          </div>
        </EdgeLabelRenderer>
      ) : (
        !overview &&
        (label || bound) && (
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
        )
      )}
    </>
  );
});
