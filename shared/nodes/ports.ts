/**
 * Port rules: a node type's output ports as data, so the backend and the editor (which only
 * gets serializable descriptors) derive the same ports from a config. A rule is a fixed
 * port, or one branch per name found in the config, optionally under a condition on
 * config values. {@link portsOf} evaluates a description's rules in order, dropping
 * duplicates.
 */
import type { Port } from './types';

type Scalar = string | number | boolean;

/** A condition over config values (`param` is a config key; dotted for nested keys). */
export type PortCondition =
  | { param: string; equals: Scalar }
  | { param: string; oneOf: readonly Scalar[] }
  /** Present: set to something other than null or the empty string. */
  | { param: string; present: boolean }
  | { anyOf: readonly PortCondition[] }
  | { allOf: readonly PortCondition[] };

export type PortRule =
  | { kind: 'next' | 'error'; when?: PortCondition }
  | { kind: 'branch'; name: string; when?: PortCondition }
  /**
   * One branch per distinct non-empty string at `from`: a config key (`defaultBranch`), or
   * a path through a list (`rules.*.branch`).
   */
  | { kind: 'branches'; from: string; when?: PortCondition };

/** The values at a dotted path; `*` steps into every element of a list. */
function valuesAt(config: unknown, path: string): unknown[] {
  let current: unknown[] = [config];
  for (const step of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step === '*') {
        if (Array.isArray(v)) next.push(...v);
      } else if (v !== null && typeof v === 'object' && Object.hasOwn(v, step)) {
        next.push((v as Record<string, unknown>)[step]);
      }
    }
    current = next;
  }
  return current;
}

const isPresent = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** Whether `cond` holds for `config`. */
export function conditionHolds(cond: PortCondition, config: unknown): boolean {
  if ('anyOf' in cond) return cond.anyOf.some((c) => conditionHolds(c, config));
  if ('allOf' in cond) return cond.allOf.every((c) => conditionHolds(c, config));
  const value = valuesAt(config, cond.param)[0];
  if ('equals' in cond) return value === cond.equals;
  if ('oneOf' in cond) return cond.oneOf.includes(value as Scalar);
  return isPresent(value) === cond.present;
}

/** The ports `rules` give for `config`, in rule order, each once. */
export function evaluatePorts(rules: readonly PortRule[], config: unknown): Port[] {
  const out: Port[] = [];
  const seen = new Set<string>();
  const add = (p: Port): void => {
    const key = p.kind === 'branch' ? `branch:${p.name}` : p.kind;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const rule of rules) {
    if (rule.when && !conditionHolds(rule.when, config)) continue;
    if (rule.kind === 'branches') {
      for (const v of valuesAt(config, rule.from)) if (typeof v === 'string' && v) add({ kind: 'branch', name: v });
    } else if (rule.kind === 'branch') add({ kind: 'branch', name: rule.name });
    else add({ kind: rule.kind });
  }
  return out;
}

/** The output ports of a node type (a description or a served descriptor) for a config. */
export function portsOf(desc: { ports: readonly PortRule[] }, config: unknown): Port[] {
  return evaluatePorts(desc.ports, config ?? {});
}
