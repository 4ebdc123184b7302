/**
 * An autonomy zone drawn as a resizable region. Its members are React Flow children, so
 * dragging the zone carries them. Resizing previews through the UI store and commits one
 * undoable edit when the handle is released; both stop at the zone's steps (a zone always
 * encloses its members).
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useCallback, type CSSProperties } from 'react';
import type { ZoneFlowNode } from '../model/flow-mapping';
import { commitZoneResize, previewZoneResize } from '../store/actions';
import { useUi } from '../store/ui-store';
import { Icon } from '../ui/icons';

function policySummary(p: ZoneFlowNode['data']['zone']['policy']): string {
  const parts = [`auto: ${p.unattended.join(', ') || 'nothing'}`];
  if (p.approval.length) parts.push(`approve: ${p.approval.join(', ')}`);
  if (p.forbidden.length) parts.push(`never: ${p.forbidden.join(', ')}`);
  return parts.join(' · ');
}

export const ZoneNode = memo(function ZoneNode({ id, data, selected }: NodeProps<ZoneFlowNode>) {
  const zone = data.zone;
  const onResize = useCallback(
    (_: unknown, r: { x: number; y: number; width: number; height: number }) =>
      useUi.setState((s) => ({ resizing: { ...s.resizing, [id]: previewZoneResize(zone.id, r) } })),
    [id, zone.id],
  );
  const onResizeEnd = useCallback(
    (_: unknown, r: { x: number; y: number; width: number; height: number }) => {
      commitZoneResize(zone.id, r);
      useUi.setState((s) => {
        const { [id]: _done, ...rest } = s.resizing;
        return { resizing: rest };
      });
    },
    [id, zone.id],
  );
  return (
    <>
      <NodeResizer
        isVisible={selected}
        minWidth={220}
        minHeight={140}
        onResize={onResize}
        onResizeEnd={onResizeEnd}
        color={zone.color}
      />
      <div
        className={`wm-zone${selected ? ' is-selected' : ''}`}
        style={{ '--zone-color': zone.color } as CSSProperties}
        data-testid={`zone-${zone.id}`}
      >
        <div className="wm-zone__head">
          <Icon name="zone" size={14} />
          <span className="wm-zone__name">{zone.name}</span>
          <span className="wm-zone__policy">{policySummary(zone.policy)}</span>
        </div>
      </div>
    </>
  );
});
