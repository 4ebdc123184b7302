/**
 * Carries out "focus this element" requests (problems panel, search palette): select it
 * and centre the viewport on it.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { zoneFlowId, type FlowEdge, type FlowNode } from '../model/flow-mapping';
import { zoneRect } from '../model/zones';
import { sizeOf } from '../store/actions';
import { fitRect, specBounds } from './viewport';
import { select, useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';

export function useFocusRequests(): void {
  const focus = useUi((s) => s.focus);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  useEffect(() => {
    if (!focus) return;
    const spec = useDoc.getState().spec;
    let centreOn: string[] = [];
    if (focus.kind === 'node' && spec.nodes.some((n) => n.id === focus.id)) {
      select({ nodes: [focus.id], edges: [], zones: [] });
      centreOn = [focus.id];
    } else if (focus.kind === 'zone' && spec.zones.some((z) => z.id === focus.id)) {
      select({ nodes: [], edges: [], zones: [focus.id] });
      centreOn = [zoneFlowId(focus.id)];
    } else if (focus.kind === 'edge') {
      const e = spec.edges.find((x) => x.id === focus.id);
      if (e) {
        select({ nodes: [], edges: [e.id], zones: [] });
        centreOn = [e.source, e.target].filter((id) => spec.nodes.some((n) => n.id === id));
      }
    }
    if (centreOn.length) {
      const zone = focus.kind === 'zone' ? spec.zones.find((z) => z.id === focus.id) : undefined;
      const rect = zone ? zoneRect(spec, zone, sizeOf) : specBounds(spec, sizeOf, centreOn);
      if (rect) fitRect(rf, rect, { maxZoom: 1.1, padding: 0.6, duration: 250 });
    }
  }, [focus, rf]);
}
