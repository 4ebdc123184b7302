/**
 * Copy and paste of canvas selections, within a workflow and between workflows (through
 * the system clipboard as JSON). Pasting remaps every id that would collide, rewrites
 * `nodes.<id>` references among the pasted nodes, and brings along the connectors and
 * secret declarations the pasted nodes use when the target workflow lacks them.
 */
import { z } from 'zod';
import {
  ConnectorSchema,
  EdgeSchema,
  IdSchema,
  NodeSchema,
  SecretDeclSchema,
  ZoneSchema,
  type Connector,
  type SpecEdge,
  type SpecNode,
  type WorkflowSpec,
  type Zone,
} from '../../shared/spec/schema';
import { uniqueId, uniqueName } from './ids';
import { rewriteReferences, type Point, type Selection } from './spec-ops';

export const CLIPBOARD_FORMAT = 'waymark/clipboard';

const ClipboardSchema = z
  .object({
    format: z.literal(CLIPBOARD_FORMAT),
    version: z.literal(1),
    nodes: z.array(NodeSchema),
    edges: z.array(EdgeSchema),
    zones: z.array(ZoneSchema),
    connectors: z.record(IdSchema, ConnectorSchema),
    secrets: z.array(SecretDeclSchema),
  })
  .strict();

export type ClipboardPayload = z.infer<typeof ClipboardSchema>;

/** Connector aliases a node's config refers to (llm `model`, tool `connector`). */
function connectorRefs(node: SpecNode): string[] {
  return ['model', 'connector']
    .map((k) => node.config[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}

function secretRefs(c: Connector): string[] {
  if (c.kind === 'llm') return c.apiKey ? [c.apiKey.secret] : [];
  return Object.values(c.headers ?? {}).flatMap((v) => (typeof v === 'object' ? [v.secret] : []));
}

/** The selection as a self-contained payload, or undefined when nothing is selected. */
export function copySelection(spec: WorkflowSpec, sel: Selection): ClipboardPayload | undefined {
  const zoneIds = new Set(sel.zones);
  const nodeIds = new Set(sel.nodes);
  for (const n of spec.nodes) if (n.zone && zoneIds.has(n.zone)) nodeIds.add(n.id);
  const nodes = spec.nodes.filter((n) => nodeIds.has(n.id));
  const zones = spec.zones.filter((z) => zoneIds.has(z.id));
  if (!nodes.length && !zones.length) return undefined;
  const edges = spec.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target));
  const connectors: Record<string, Connector> = {};
  for (const alias of nodes.flatMap(connectorRefs)) {
    const c = Object.hasOwn(spec.connectors, alias) ? spec.connectors[alias] : undefined;
    if (c) connectors[alias] = c;
  }
  const secretNames = new Set(Object.values(connectors).flatMap(secretRefs));
  const secrets = spec.secrets.filter((s) => secretNames.has(s.name));
  return structuredClone({ format: CLIPBOARD_FORMAT, version: 1, nodes, edges, zones, connectors, secrets });
}

export function serializeClipboard(payload: ClipboardPayload): string {
  return JSON.stringify(payload, null, 2);
}

/** Parses clipboard text; anything that is not a valid Waymark payload is ignored. */
export function parseClipboard(text: string): ClipboardPayload | undefined {
  try {
    const parsed = ClipboardSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface PasteResult {
  spec: WorkflowSpec;
  /** New ids of what was pasted, to select it. */
  nodes: string[];
  edges: string[];
  zones: string[];
}

/** Pastes a payload, shifted by `offset`. */
export function pasteInto(spec: WorkflowSpec, payload: ClipboardPayload, offset: Point): PasteResult {
  const nodeIds = new Set(spec.nodes.map((n) => n.id));
  const zoneIds = new Set(spec.zones.map((z) => z.id));
  const names = new Set(spec.nodes.map((n) => n.name));
  const zoneNames = new Set(spec.zones.map((z) => z.name));
  const nodeMap = new Map<string, string>();
  const zoneMap = new Map<string, string>();

  const zones: Zone[] = payload.zones.map((z) => {
    const id = uniqueId(z.id, zoneIds);
    zoneIds.add(id);
    zoneMap.set(z.id, id);
    const name = uniqueName(z.name, zoneNames);
    zoneNames.add(name);
    return {
      ...z,
      id,
      name,
      ...(z.position ? { position: { x: z.position.x + offset.x, y: z.position.y + offset.y } } : {}),
    };
  });
  for (const n of payload.nodes) {
    const id = uniqueId(n.id, nodeIds);
    nodeIds.add(id);
    nodeMap.set(n.id, id);
  }
  const nodes: SpecNode[] = payload.nodes.map((n) => {
    const config = rewriteReferences(n.config, nodeMap) as Record<string, unknown>;
    const name = uniqueName(n.name, names);
    names.add(name);
    // A node keeps its zone when that zone came along or exists here; otherwise it is outside every zone.
    const zone = n.zone
      ? (zoneMap.get(n.zone) ?? (spec.zones.some((z) => z.id === n.zone) ? n.zone : undefined))
      : undefined;
    const { zone: _old, ...rest } = n;
    return {
      ...rest,
      id: nodeMap.get(n.id) as string,
      name,
      config,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      ...(zone ? { zone } : {}),
    };
  });
  const edgeIds = new Set(spec.edges.map((e) => e.id));
  let next = spec.edges.length + 1;
  const edges: SpecEdge[] = payload.edges.map((e) => {
    while (edgeIds.has(`e${next}`)) next++;
    const id = `e${next}`;
    edgeIds.add(id);
    return { ...e, id, source: nodeMap.get(e.source) ?? e.source, target: nodeMap.get(e.target) ?? e.target };
  });
  const connectors = { ...spec.connectors };
  for (const [alias, c] of Object.entries(payload.connectors))
    if (!Object.hasOwn(connectors, alias)) connectors[alias] = c;
  const haveSecrets = new Set(spec.secrets.map((s) => s.name));
  const secrets = [...spec.secrets, ...payload.secrets.filter((s) => !haveSecrets.has(s.name))];
  return {
    spec: {
      ...spec,
      zones: [...spec.zones, ...zones],
      nodes: [...spec.nodes, ...nodes],
      edges: [...spec.edges, ...edges],
      connectors,
      secrets,
    },
    nodes: nodes.map((n) => n.id),
    edges: edges.map((e) => e.id),
    zones: zones.map((z) => z.id),
  };
}
