/**
 * The node registry: passed in to the engine, never global, so tests and embedders can
 * add node types (the benchmark registers a no-op node). Duplicates are rejected.
 */
import type { NodeCatalog } from '../../shared/nodes/catalog';
import type { NodeDescription } from '../../shared/nodes/types';
import type { NodeDefinition } from './node-def';

export class NodeRegistry implements NodeCatalog {
  private readonly defs = new Map<string, NodeDefinition>();

  constructor(defs: Iterable<NodeDefinition> = []) {
    for (const d of defs) this.register(d);
  }

  register(def: NodeDefinition): this {
    if (this.defs.has(def.type)) throw new Error(`node type "${def.type}" is already registered`);
    this.defs.set(def.type, def);
    return this;
  }

  get(type: string): NodeDescription | undefined {
    return this.defs.get(type);
  }

  definition(type: string): NodeDefinition | undefined {
    return this.defs.get(type);
  }

  types(): string[] {
    return [...this.defs.keys()];
  }
}
