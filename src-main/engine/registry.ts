/**
 * The node registry: passed in to the engine, never global, so tests and embedders can
 * add node types (the benchmark registers a no-op node). Node types are open strings; a
 * duplicate type is rejected. The registry is also the catalog everything else reads node
 * knowledge from (validator, policy, the editor's served catalog).
 */
import type { NodeCatalog } from '../../shared/nodes/catalog';
import type { NodeDescription } from '../../shared/nodes/types';
import type { NodeDefinition } from './node-def';

export class NodeRegistry implements NodeCatalog {
  private readonly defs = new Map<string, NodeDefinition>();

  constructor(defs: Iterable<NodeDefinition> = []) {
    for (const d of defs) this.register(d);
  }

  /**
   * Adds a node type, typed by its own config.
   * @throws Error when the type is already registered.
   */
  register<C>(def: NodeDefinition<C>): this {
    if (this.defs.has(def.type)) throw new Error(`node type "${def.type}" is already registered`);
    // The one place a definition's config type is erased: the engine parses configs with its schema.
    this.defs.set(def.type, def as unknown as NodeDefinition);
    return this;
  }

  /** The description of a type, or undefined when it is not registered. */
  get(type: string): NodeDescription | undefined {
    return this.defs.get(type);
  }

  /** The definition (description + `run()`) of a type. */
  definition(type: string): NodeDefinition | undefined {
    return this.defs.get(type);
  }

  /** Every registered type, in registration order. */
  types(): string[] {
    return [...this.defs.keys()];
  }
}
