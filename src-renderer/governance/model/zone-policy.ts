/**
 * Pure edits of a zone's policy, for the zone inspector. Each returns the same object when
 * nothing changes, so the document store records no empty undo step.
 *
 * The spec keeps three lists of risk classes; the inspector shows one choice per class.
 * A class in none of the lists needs approval (shared/policy.ts), so "unlisted" reads as
 * "Needs approval" — but it is kept apart here so we never rewrite a policy just by
 * looking at it.
 */
import { RISK_CLASSES, type ApprovalRule, type Budget, type RiskClass, type Zone } from '../../../shared/spec/schema';

export type ZonePolicy = Zone['policy'];
export type ClassChoice = 'unattended' | 'approval' | 'forbidden';
export const CLASS_CHOICES: readonly ClassChoice[] = ['unattended', 'approval', 'forbidden'];

/** The list a class is in, or `unlisted`. A class in several lists (hand-written JSON) reports the strictest, as enforced. */
export function classChoice(policy: ZonePolicy, cls: RiskClass): ClassChoice | 'unlisted' {
  if (policy.forbidden.includes(cls)) return 'forbidden';
  if (policy.unattended.includes(cls)) return 'unattended';
  if (policy.approval.includes(cls)) return 'approval';
  return 'unlisted';
}

/** Keeps lists in the canonical risk order, so specs diff cleanly whatever the click order. */
function ordered(list: readonly RiskClass[]): RiskClass[] {
  return RISK_CLASSES.filter((c) => list.includes(c));
}

/** Moves `cls` into exactly one list. */
export function setClassChoice(policy: ZonePolicy, cls: RiskClass, choice: ClassChoice): ZonePolicy {
  const inOnly =
    policy[choice].includes(cls) && CLASS_CHOICES.filter((c) => c !== choice).every((c) => !policy[c].includes(cls));
  if (inOnly) return policy;
  const next = { ...policy };
  for (const c of CLASS_CHOICES)
    next[c] = ordered(c === choice ? [...policy[c], cls] : policy[c].filter((x) => x !== cls));
  return next;
}

export type AllowListKey = 'connectors' | 'secrets';

/**
 * Checks or unchecks `name` in an allow-list. An allow-list left empty is removed (every
 * connector/secret allowed): an empty list would forbid them all, which nobody means by
 * unticking the last box — forbidding is what the risk classes are for.
 */
export function toggleAllowed(
  policy: ZonePolicy,
  key: AllowListKey,
  name: string,
  on: boolean,
  order: readonly string[],
): ZonePolicy {
  const cur = policy[key] ?? [];
  if (cur.includes(name) === on && policy[key] !== undefined && cur.length > 0) return policy;
  const raw = on ? [...cur.filter((x) => x !== name), name] : cur.filter((x) => x !== name);
  // Known names in spec order, then names the spec no longer declares (kept: the author decides).
  const sorted = [...order.filter((n) => raw.includes(n)), ...raw.filter((n) => !order.includes(n))];
  return withOptional(policy, key, sorted.length ? sorted : undefined);
}

/** Sets a whole allow-list (undefined = all allowed). */
export function setAllowList(policy: ZonePolicy, key: AllowListKey, list: string[] | undefined): ZonePolicy {
  return withOptional(policy, key, list);
}

export type BudgetKey = keyof Budget;
export const BUDGET_KEYS: readonly BudgetKey[] = [
  'maxCostUsd',
  'maxTokens',
  'maxLlmCalls',
  'maxSteps',
  'maxWallTimeMs',
];

/** Sets one budget limit; a budget with no limits left is removed (the validator then warns `zone.no-budget`). */
export function setBudgetLimit(policy: ZonePolicy, key: BudgetKey, value: number | undefined): ZonePolicy {
  const cur = policy.budget ?? {};
  if (cur[key] === value && (value !== undefined || policy.budget !== undefined)) return policy;
  const budget: Budget = { ...cur };
  if (value === undefined) delete budget[key];
  else budget[key] = value;
  return withOptional(policy, 'budget', Object.keys(budget).length ? budget : undefined);
}

/**
 * Patches the approval rule. Empty lists and unset fields are dropped; an empty rule is
 * removed. Switching back to "reject" drops `escalateTo`, which would otherwise linger
 * unused in the saved spec (undo brings it back).
 */
export function setApprovalRule(
  policy: ZonePolicy,
  patch: { [K in keyof ApprovalRule]?: ApprovalRule[K] | undefined },
): ZonePolicy {
  const merged: Record<string, unknown> = { ...(policy.approvals ?? {}), ...patch };
  if (merged.onTimeout !== 'escalate') delete merged.escalateTo;
  const rule = Object.fromEntries(
    Object.entries(merged).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as ApprovalRule;
  const next = withOptional(policy, 'approvals', Object.keys(rule).length ? rule : undefined);
  return JSON.stringify(next.approvals) === JSON.stringify(policy.approvals) ? policy : next;
}

function withOptional<K extends keyof ZonePolicy>(
  policy: ZonePolicy,
  key: K,
  value: ZonePolicy[K] | undefined,
): ZonePolicy {
  if (value === undefined) {
    if (!(key in policy)) return policy;
    const { [key]: _gone, ...rest } = policy;
    return rest as ZonePolicy;
  }
  return { ...policy, [key]: value };
}
