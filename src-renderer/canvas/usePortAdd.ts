/**
 * Which output ports of a step are already connected, computed once per spec (steps ask
 * by id, so 1,000 steps do not each scan the edges), and opening the step picker from a
 * port's "+".
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { edgePortKey } from '../../shared/spec/graph';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { useDoc } from '../store/doc-store';
import { openPicker } from './overlay-store';

const cache = new WeakMap<WorkflowSpec['edges'], Map<string, string>>();

/** "|"-joined port keys of `id` that already lead somewhere ("" when none). */
export function connectedPorts(spec: WorkflowSpec, id: string): string {
  let byNode = cache.get(spec.edges);
  if (!byNode) {
    const sets = new Map<string, string[]>();
    for (const e of spec.edges) {
      const list = sets.get(e.source) ?? [];
      list.push(edgePortKey(e));
      sets.set(e.source, list);
    }
    byNode = new Map([...sets].map(([k, v]) => [k, `|${v.join('|')}|`]));
    cache.set(spec.edges, byNode);
  }
  return byNode.get(id) ?? '';
}

export function useConnectedPorts(id: string): string {
  return useDoc((s) => connectedPorts(s.spec, id));
}

/** Opens the picker beside the "+" button `el`, for a step that follows port `handle` of `source`. */
export function usePortAdd(): (el: HTMLElement, source: string, handle: string) => void {
  const rf = useReactFlow();
  return useCallback(
    (el, source, handle) => {
      const r = el.getBoundingClientRect();
      const portY = rf.screenToFlowPosition({ x: r.left, y: r.top + r.height / 2 }).y;
      openPicker({
        screen: { x: r.right + 8, y: r.top - 8 },
        place: { kind: 'right', portY },
        from: { source, handle },
      });
    },
    [rf],
  );
}
