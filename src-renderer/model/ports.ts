/**
 * Ports of a spec node as canvas handles. Handle ids are the port keys of
 * shared/nodes/types (`next`, `error`, `branch:<name>`), so an edge's source handle is
 * simply `edgePortKey(edge)`.
 */
import { builtinCatalog } from '../../shared/nodes/catalog';
import { portKey, type Port } from '../../shared/nodes/types';
import type { SpecEdge, SpecNode } from '../../shared/spec/schema';

/** The output ports of a node, tolerating half-edited configs (ports() may read missing fields). */
export function nodePorts(node: Pick<SpecNode, 'type' | 'config'>): Port[] {
  const desc = builtinCatalog.get(node.type);
  if (!desc) return [];
  try {
    return desc.ports(node.config);
  } catch {
    return [];
  }
}

export function hasInput(node: Pick<SpecNode, 'type'>): boolean {
  return builtinCatalog.get(node.type)?.hasInput ?? true;
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
