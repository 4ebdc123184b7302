/**
 * The node catalog of the editor: the node types the backend runs, as it serves them
 * (`catalog.get`, plain {@link NodeDescriptor}s), so the palette, inspector forms and canvas
 * look follow the backend's registry — an embedder's node types included. Until the served
 * catalog arrives (and in unit tests, which have no backend) it holds the built-in types.
 *
 * Components subscribe with {@link useNodeCatalog}; model code reads {@link nodeCatalog}.
 */
import { create } from 'zustand';
import { NODE_CATALOG } from '../../shared/nodes/catalog';
import { fillSummary } from '../../shared/nodes/derive';
import { toDescriptor, type CatalogPayload, type NodeDescriptor } from '../../shared/nodes/descriptor';
import type { NodeDescription } from '../../shared/nodes/types';

/** Node types by type name, in the order the backend lists them. */
export interface EditorCatalog {
  get(type: string): NodeDescriptor | undefined;
  types(): string[];
  list(): readonly NodeDescriptor[];
}

function catalogOf(nodes: readonly NodeDescriptor[]): EditorCatalog {
  const byType = new Map(nodes.map((d) => [d.type, d]));
  return { get: (t) => byType.get(t), types: () => [...byType.keys()], list: () => nodes };
}

const builtins = catalogOf(Object.values(NODE_CATALOG).map((d) => toDescriptor(d as NodeDescription)));

interface CatalogState {
  catalog: EditorCatalog;
  /** Whether the catalog came from the backend (false: the built-ins). */
  served: boolean;
}

export const useNodeCatalogStore = create<CatalogState>(() => ({ catalog: builtins, served: false }));

/** The current catalog (re-renders the component when the served one arrives). */
export function useNodeCatalog(): EditorCatalog {
  return useNodeCatalogStore((s) => s.catalog);
}

/** The current catalog, outside React. */
export function nodeCatalog(): EditorCatalog {
  return useNodeCatalogStore.getState().catalog;
}

/** Installs the catalog the backend served. */
export function setServedCatalog(payload: CatalogPayload): void {
  useNodeCatalogStore.setState({ catalog: catalogOf(payload.nodes), served: true });
}

/**
 * The canvas line of a node: the served template when its type has one; for a built-in type
 * the richer formatter this bundle ships with (shared/nodes/<type>.ts); else nothing.
 */
export function nodeSummary(desc: NodeDescriptor, config: Record<string, unknown>): string {
  if (desc.summary !== undefined) return fillSummary(desc.summary, config);
  const own = Object.hasOwn(NODE_CATALOG, desc.type)
    ? (NODE_CATALOG as Record<string, NodeDescription>)[desc.type]
    : undefined;
  if (own && own.version === desc.version && typeof own.summary === 'function') return own.summary(config);
  return '';
}
