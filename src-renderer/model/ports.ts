/**
 * Ports of a spec node as canvas handles. Handle ids are the port keys of
 * shared/nodes/types (`next`, `error`, `branch:<name>`), so an edge's source handle is
 * simply `edgePortKey(edge)`.
 */
import { portsOf } from '../../shared/nodes/ports';
import { portKey, type Port } from '../../shared/nodes/types';
import { nodeCatalog } from '../catalog/catalog';
import type { SpecEdge, SpecNode } from '../../shared/spec/schema';

/** The output ports of a node (its type's port rules over its config), tolerating half-edited configs. */
export function nodePorts(node: Pick<SpecNode, 'type' | 'config'>): Port[] {
  const desc = nodeCatalog().get(node.type);
  if (!desc) return [];
  try {
    return portsOf(desc, node.config);
  } catch {
    return [];
  }
}

export function hasInput(node: Pick<SpecNode, 'type'>): boolean {
  return !nodeCatalog().get(node.type)?.entry;
}

export function handleId(port: Port): string {
  return portKey(port);
}

/** Parses a handle id back into the edge fields it stands for. */
export function edgeFieldsFromHandle(handle: string | null | undefined): Pick<SpecEdge, 'kind' | 'branch'> | undefined {
  if (!handle || handle === 'next') return { kind: 'next' };
  if (handle === 'error') return { kind: 'error' };
  if (handle.startsWith('branch:') && handle.length > 7) return { kind: 'branch', branch: handle.slice(7) };
  return undefined;
}

export function portLabel(port: Port): string {
  return port.kind === 'branch' ? port.name : port.kind;
}
