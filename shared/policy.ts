/**
 * The policy model: what a node may do on its own, and why. Pure, so the engine enforces
 * exactly what `waymark policy` prints and what the editor's policy view colours.
 *
 * The rule Waymark lives by: an agent may read freely and draft for review; anything that
 * writes, pays, deletes or talks to the outside world needs a zone that allows it or a
 * human who approves it. So:
 * - a node's calls are what its type declares (`calls` in shared/nodes/<type>.ts); an optional
 *   call counts only when the node's config names its connector;
 * - every call has a risk class: a node's own (a tool's `risk`) wins over its connector's; an HTTP
 *   call with neither counts as `destructive` (unknown means the strictest); an LLM call
 *   defaults to `draft` (a model call produces text for a later step to use);
 * - what an HTTP call does sets a floor a declaration can only raise: GET, HEAD and OPTIONS
 *   read; POST, PUT and PATCH at least write; DELETE (and any other method) is destructive.
 *   A connector declared `read` that DELETEs counts as `destructive` — and `validate` and
 *   `waymark policy` say so ({@link EffectivePolicy.belowFloor});
 * - a node outside every zone gets {@link DEFAULT_POLICY}: `read` and `draft` unattended,
 *   everything else needs approval, nothing forbidden;
 * - inside a zone: a connector missing from the zone's allow-list, or one that uses a secret
 *   missing from its secrets allow-list, is forbidden; a listed risk class gets its list's
 *   decision; a class in none of the lists needs approval.
 */
import type { CallDeclaration, CallKind } from './nodes/types';
import type { ApprovalRule, Budget, Connector, RiskClass, SpecNode, WorkflowSpec, Zone } from './spec/schema';

/** What the engine does with a call: run it, park the run for a human, or refuse it. */
export type PolicyDecision = 'allow' | 'approval' | 'forbid';

/** Where a call's risk class came from (`method`: the HTTP method's floor, above the declaration). */
export type RiskSource = 'node' | 'connector' | 'llm-default' | 'unknown' | 'method';

export type { CallKind } from './nodes/types';

/** The policy that applies to one node's calls. */
export interface EffectivePolicy {
  nodeId: string;
  /** The kind of call the node makes, or null when it makes none (nothing to enforce). */
  call: CallKind | null;
  /** Connector alias of the call, when known. */
  connector?: string;
  decision: PolicyDecision;
  riskClass: RiskClass | null;
  riskSource: RiskSource | null;
  /** The zone whose policy applies; null means the default policy (outside every zone). */
  zone: string | null;
  /** Human-readable: the rule that decided, naming the zone and the risk class. */
  rule: string;
  /** The zone's budget per run, if any. */
  budget?: Budget;
  /** Assignees and timeout of automatic approval gates (from the zone). */
  approvals?: ApprovalRule;
  /** A declared risk class below what the call's HTTP method can do; the method's floor applies instead. */
  belowFloor?: { declared: RiskClass; source: 'node' | 'connector'; method: string; floor: RiskClass };
}

/** The policy lists of a zone, or of the default policy. */
export interface PolicyLists {
  unattended: readonly RiskClass[];
  approval: readonly RiskClass[];
  forbidden: readonly RiskClass[];
}

/** Outside every zone: read and draft unattended, everything else needs a human. */
export const DEFAULT_POLICY: PolicyLists = Object.freeze({
  unattended: ['read', 'draft'] as const,
  approval: ['write', 'financial', 'external-communication', 'destructive'] as const,
  forbidden: [] as const,
});

/** Who decides an approval that timed out (reject or branch); humans may not use `system:` names. */
export const TIMEOUT_ACTOR = 'system:timeout';

/** The risk class an LLM call has when its connector declares none. */
export const LLM_DEFAULT_RISK: RiskClass = 'draft';

/** The risk class of a call whose class nobody declared: the strictest. */
export const UNKNOWN_RISK: RiskClass = 'destructive';

/** A call to classify: its kind, connector alias and HTTP method (absent when unknown). */
export interface CallRef {
  kind: CallKind;
  connector?: string;
  /** The HTTP method, when known: it sets the call's least risk class ({@link methodFloor}). */
  method?: string;
}

/** How strict a risk class is, for floors: a declaration may raise a call's class, never lower it. */
export const RISK_RANK: Readonly<Record<RiskClass, number>> = Object.freeze({
  read: 0,
  draft: 1,
  write: 2,
  financial: 3,
  'external-communication': 3,
  destructive: 4,
});

/**
 * The least risk class an HTTP method implies: GET, HEAD and OPTIONS read; POST, PUT and
 * PATCH change something (`write`); DELETE — and any method we do not know — is `destructive`.
 */
export function methodFloor(method: string): RiskClass {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return 'read';
    case 'POST':
    case 'PUT':
    case 'PATCH':
      return 'write';
    default:
      return 'destructive';
  }
}

/** What a method does, in words, for rules and warnings. */
export function methodDoes(method: string): string {
  const floor = methodFloor(method);
  return floor === 'read' ? 'only reads' : floor === 'write' ? 'changes data' : 'can destroy data';
}

/** Where policy finds what a node type calls: its description's `calls` (any NodeCatalog, or the editor's). */
export interface CallCatalog {
  get(type: string): { calls?: readonly CallDeclaration[] } | undefined;
}

/** A string config value of a node, when it is one. */
function configString(node: SpecNode, key: string | undefined): string | undefined {
  const v = key === undefined ? undefined : (node.config as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The calls a node makes with its config: what its type declares, less the optional calls
 * whose connector the config does not name (a guardrail without an injection classifier
 * makes no call).
 */
export function callsOf(catalog: CallCatalog, node: SpecNode): CallDeclaration[] {
  return (catalog.get(node.type)?.calls ?? []).filter((c) => !c.optional || !!configString(node, c.connectorParam));
}

/** The call of `kind` a node makes (its first call when `kind` is absent). */
function declaredCall(catalog: CallCatalog, node: SpecNode, kind?: CallKind): CallDeclaration | undefined {
  const calls = callsOf(catalog, node);
  return kind === undefined ? calls[0] : calls.find((c) => c.kind === kind);
}

/** The connector alias a node's declared call of `kind` uses, from its config. */
export function callConnector(catalog: CallCatalog, node: SpecNode, kind: CallKind): string | undefined {
  return configString(node, declaredCall(catalog, node, kind)?.connectorParam);
}

/** The call a node makes by its type's declaration (its first declared call); null when none. */
export function nodeCall(catalog: CallCatalog, node: SpecNode): CallRef | null {
  const decl = declaredCall(catalog, node);
  if (!decl) return null;
  const connector = configString(node, decl.connectorParam);
  const method = decl.methodParam !== undefined ? (configString(node, decl.methodParam) ?? 'GET') : undefined;
  return { kind: decl.kind, ...(connector !== undefined ? { connector } : {}), ...(method ? { method } : {}) };
}

function connectorOf(spec: WorkflowSpec, alias: string | undefined): Connector | undefined {
  return alias !== undefined && Object.hasOwn(spec.connectors, alias) ? spec.connectors[alias] : undefined;
}

/**
 * The risk class of a call, where it came from, and the declaration it overrode if any: a risk
 * the node's declared call reads from its config (`riskParam`) wins over the connector's, and
 * an HTTP call's method sets a floor either can only raise.
 */
export function riskOf(
  spec: WorkflowSpec,
  catalog: CallCatalog,
  node: SpecNode,
  call: CallRef,
): { riskClass: RiskClass; source: RiskSource; belowFloor?: EffectivePolicy['belowFloor'] } {
  const connector = connectorOf(spec, call.connector);
  const own = configString(node, declaredCall(catalog, node, call.kind)?.riskParam) as RiskClass | undefined;
  if (call.kind === 'http') {
    const declared: { riskClass: RiskClass; source: 'node' | 'connector' } | undefined = own
      ? { riskClass: own, source: 'node' }
      : connector?.kind === 'http' && connector.risk
        ? { riskClass: connector.risk, source: 'connector' }
        : undefined;
    if (!declared) return { riskClass: UNKNOWN_RISK, source: 'unknown' };
    if (call.method === undefined) return declared;
    const floor = methodFloor(call.method);
    if (RISK_RANK[declared.riskClass] >= RISK_RANK[floor]) return declared;
    return {
      riskClass: floor,
      source: 'method',
      belowFloor: { declared: declared.riskClass, source: declared.source, method: call.method.toUpperCase(), floor },
    };
  }
  if (own) return { riskClass: own, source: 'node' };
  if (connector?.kind === 'llm' && connector.risk) return { riskClass: connector.risk, source: 'connector' };
  return { riskClass: LLM_DEFAULT_RISK, source: 'llm-default' };
}

/** Secret names a connector uses (header secrets, API key). */
export function connectorSecrets(c: Connector | undefined): string[] {
  if (!c) return [];
  if (c.kind === 'llm') return c.apiKey ? [c.apiKey.secret] : [];
  return Object.values(c.headers ?? {}).flatMap((v) => (typeof v === 'string' ? [] : [v.secret]));
}

function describeRisk(
  r: RiskClass,
  source: RiskSource,
  connector: string | undefined,
  below?: EffectivePolicy['belowFloor'],
): string {
  switch (source) {
    case 'method': {
      const where = below?.source === 'node' ? 'on the node' : `on connector "${connector}"`;
      const m = below?.method ?? '?';
      return `risk "${r}" (a ${m} ${methodDoes(m)}: the declared "${below?.declared}" ${where} is below that)`;
    }
    case 'node':
      return `risk "${r}" (set on the node)`;
    case 'connector':
      return `risk "${r}" (from connector "${connector}")`;
    case 'llm-default':
      return `risk "${r}" (an LLM call drafts for review unless its connector says otherwise)`;
    case 'unknown':
      return `risk "${r}" (no risk class declared: unknown counts as the strictest)`;
    default: {
      const never: never = source;
      return never;
    }
  }
}

/** The decision of a policy's lists for a risk class, and the rule that says so. */
function decideByLists(
  lists: PolicyLists,
  r: RiskClass,
  zone: Zone | undefined,
): { decision: PolicyDecision; rule: string } {
  const where = zone ? `zone "${zone.id}"` : 'the default policy (outside every zone)';
  if (lists.forbidden.includes(r)) return { decision: 'forbid', rule: `${where} forbids "${r}"` };
  if (lists.unattended.includes(r)) return { decision: 'allow', rule: `${where} lets "${r}" run unattended` };
  if (lists.approval.includes(r)) return { decision: 'approval', rule: `${where} requires approval for "${r}"` };
  return { decision: 'approval', rule: `${where} does not list "${r}"; unlisted risk classes need approval` };
}

/**
 * The policy for `nodeId`'s calls. `call` defaults to the call its node type declares
 * (`catalog`); the engine passes it for a call made through a port by any node type.
 * @throws Error when the node does not exist (specs reaching here were validated).
 */
export function effectivePolicy(
  spec: WorkflowSpec,
  catalog: CallCatalog,
  nodeId: string,
  call?: CallRef,
): EffectivePolicy {
  const node = spec.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`there is no node "${nodeId}"`);
  const zone = node.zone === undefined ? undefined : spec.zones.find((z) => z.id === node.zone);
  const inZone = zone
    ? {
        zone: zone.id,
        ...(zone.policy.budget ? { budget: zone.policy.budget } : {}),
        ...(zone.policy.approvals ? { approvals: zone.policy.approvals } : {}),
      }
    : { zone: null };
  const ref = call ?? nodeCall(catalog, node);
  if (!ref)
    return {
      nodeId,
      call: null,
      decision: 'allow',
      riskClass: null,
      riskSource: null,
      ...inZone,
      rule: 'makes no tool or model call: nothing to enforce',
    };
  const { riskClass, source, belowFloor } = riskOf(spec, catalog, node, ref);
  const base = {
    nodeId,
    call: ref.kind,
    ...(ref.connector !== undefined ? { connector: ref.connector } : {}),
    riskClass,
    riskSource: source,
    ...(belowFloor ? { belowFloor } : {}),
    ...inZone,
  };
  const risk = describeRisk(riskClass, source, ref.connector, belowFloor);
  if (zone) {
    const allowList = zone.policy.connectors;
    if (allowList && (ref.connector === undefined || !allowList.includes(ref.connector))) {
      return {
        ...base,
        decision: 'forbid',
        rule: `connector "${ref.connector ?? '(unknown)'}" is not in zone "${zone.id}"'s connector allow-list (${allowList.join(', ') || 'empty'})`,
      };
    }
    const secretList = zone.policy.secrets;
    const missing = secretList
      ? connectorSecrets(connectorOf(spec, ref.connector)).filter((s) => !secretList.includes(s))
      : [];
    if (missing.length) {
      return {
        ...base,
        decision: 'forbid',
        rule: `connector "${ref.connector}" uses secret ${missing.map((s) => `"${s}"`).join(', ')}, not in zone "${zone.id}"'s secrets allow-list`,
      };
    }
  }
  const d = decideByLists(zone ? zone.policy : DEFAULT_POLICY, riskClass, zone);
  return { ...base, decision: d.decision, rule: `${risk}: ${d.rule}` };
}

/** The effective policy of every node, in spec order (for `waymark policy` and the policy view). */
export function policyReport(spec: WorkflowSpec, catalog: CallCatalog): EffectivePolicy[] {
  return spec.nodes.map((n) => effectivePolicy(spec, catalog, n.id));
}
