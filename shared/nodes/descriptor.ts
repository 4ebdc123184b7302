/**
 * Node descriptors: node descriptions as plain data, as the backend serves them
 * (`catalog.get`) so the editor builds its palette, inspector forms and canvas look from the
 * registry the backend really runs — an embedder's node types included. Everything a
 * description declares travels, except code: the config schema goes as JSON Schema, the
 * summary only when it is a template, the validation hook stays in the backend (the editor
 * validates through `spec.validate`).
 */
import { z } from 'zod';
import type { NodeCatalog } from './catalog';
import type { PortCondition, PortRule } from './ports';
import {
  NODE_CATEGORIES,
  PARAM_KINDS,
  type CallDeclaration,
  type NodeDescription,
  type ParamDescriptor,
  type SimulateBehaviour,
  type WaitStateDescriptor,
} from './types';
import { simulateOf } from './derive';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const PortConditionSchema: z.ZodType<PortCondition> = z.lazy(() =>
  z.union([
    z.object({ param: z.string(), equals: Scalar }),
    z.object({ param: z.string(), oneOf: z.array(Scalar) }),
    z.object({ param: z.string(), present: z.boolean() }),
    z.object({ anyOf: z.array(PortConditionSchema) }),
    z.object({ allOf: z.array(PortConditionSchema) }),
  ]),
);
const PortRuleSchema: z.ZodType<PortRule> = z.union([
  z.object({ kind: z.enum(['next', 'error']), when: PortConditionSchema.optional() }),
  z.object({ kind: z.literal('branch'), name: z.string(), when: PortConditionSchema.optional() }),
  z.object({ kind: z.literal('branches'), from: z.string(), when: PortConditionSchema.optional() }),
]);
const ParamDescriptorSchema: z.ZodType<ParamDescriptor> = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(PARAM_KINDS),
  help: z.string().optional(),
  required: z.boolean().optional(),
  placeholder: z.string().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
const CallDeclarationSchema: z.ZodType<CallDeclaration> = z.object({
  kind: z.enum(['http', 'llm']),
  connectorParam: z.string(),
  riskParam: z.string().optional(),
  optional: z.boolean().optional(),
});
const WaitStateSchema: z.ZodType<WaitStateDescriptor> = z.object({
  state: z.string(),
  resolves: z.enum(['decision', 'time', 'event']),
  label: z.string(),
  timeoutRuleInConfig: z.boolean().optional(),
});

/** A node type as data; see the module comment. Shared fields mean what they mean on {@link NodeDescription}. */
export interface NodeDescriptor extends Pick<
  NodeDescription,
  'type' | 'version' | 'title' | 'category' | 'icon' | 'description' | 'ports' | 'params' | 'effect' | 'timeoutMs'
> {
  entry: boolean;
  terminal: boolean;
  defaults: Record<string, unknown>;
  /** JSON Schema of the config (input side: defaults may be left out). */
  configSchema: Record<string, unknown>;
  simulate: SimulateBehaviour;
  calls: readonly CallDeclaration[];
  waits: readonly WaitStateDescriptor[];
  /** A `{{ key }}` template, when the description's summary is one. */
  summary?: string;
}

/** The schema of a {@link NodeDescriptor}: what the editor checks a served catalog against. */
export const NodeDescriptorSchema: z.ZodType<NodeDescriptor> = z.object({
  type: z.string().min(1),
  version: z.number(),
  title: z.string(),
  category: z.enum(NODE_CATEGORIES),
  icon: z.string(),
  description: z.string(),
  entry: z.boolean(),
  terminal: z.boolean(),
  ports: z.array(PortRuleSchema),
  params: z.array(ParamDescriptorSchema),
  defaults: z.record(z.string(), z.unknown()),
  configSchema: z.record(z.string(), z.unknown()),
  effect: z.enum(['pure', 'external']),
  simulate: z.enum(['run', 'pinned']),
  timeoutMs: z.number().optional(),
  calls: z.array(CallDeclarationSchema),
  waits: z.array(WaitStateSchema),
  summary: z.string().optional(),
});

/** The catalog as served (`catalog.get`): every node type of a registry, in its order. */
export const CatalogPayloadSchema = z.object({ nodes: z.array(NodeDescriptorSchema) });
export type CatalogPayload = z.infer<typeof CatalogPayloadSchema>;

/** The descriptor of one description. */
export function toDescriptor(d: NodeDescription): NodeDescriptor {
  const schema = z.toJSONSchema(d.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return {
    type: d.type,
    version: d.version,
    title: d.title,
    category: d.category,
    icon: d.icon,
    description: d.description,
    entry: d.entry ?? false,
    terminal: d.terminal ?? false,
    ports: d.ports,
    params: d.params,
    defaults: d.defaults,
    configSchema: schema,
    effect: d.effect,
    simulate: simulateOf(d),
    ...(d.timeoutMs !== undefined ? { timeoutMs: d.timeoutMs } : {}),
    calls: d.calls ?? [],
    waits: d.waits ?? [],
    ...(typeof d.summary === 'string' ? { summary: d.summary } : {}),
  };
}

/** Descriptors of every type in `catalog` (JSON-safe: what `catalog.get` returns). */
export function describeCatalog(catalog: NodeCatalog): CatalogPayload {
  const nodes: NodeDescriptor[] = [];
  for (const type of catalog.types()) {
    const d = catalog.get(type);
    if (d) nodes.push(toDescriptor(d));
  }
  // Through JSON once, so what is served is exactly what a client receives.
  return JSON.parse(JSON.stringify({ nodes })) as CatalogPayload;
}
