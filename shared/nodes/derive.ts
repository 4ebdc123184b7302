/**
 * What follows from a node description's declarations, computed the same way wherever it is
 * needed (validator, engine, editor): the expressions in a config (from the param kinds), the
 * one-line summary, the JSON Schema params, and the defaults of the effect-related flags.
 */
import type { ConfigExpression, NodeDescription, ParamDescriptor, SimulateBehaviour } from './types';

type Described = Pick<NodeDescription, 'params' | 'expressions' | 'summary' | 'effect' | 'simulate'>;

/**
 * Expressions and templates in `config`: the description's own list when it has one, else
 * from its params — `template` and `expression` values, each value of a `keyValue` map
 * (templates), and each `when` of a `rules` list (expressions).
 */
export function expressionsOf(desc: Described, config: Record<string, unknown>): ConfigExpression[] {
  if (desc.expressions) return desc.expressions(config);
  const out: ConfigExpression[] = [];
  for (const p of desc.params) {
    const v = config[p.key];
    if ((p.kind === 'template' || p.kind === 'expression') && typeof v === 'string' && v) {
      out.push({ key: p.key, path: [p.key], kind: p.kind, source: v });
    } else if (p.kind === 'keyValue' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, s] of Object.entries(v))
        if (typeof s === 'string') out.push({ key: `${p.key}.${k}`, path: [p.key, k], kind: 'template', source: s });
    } else if (p.kind === 'rules' && Array.isArray(v)) {
      v.forEach((r: unknown, i) => {
        const when = r && typeof r === 'object' ? (r as { when?: unknown }).when : undefined;
        if (typeof when === 'string')
          out.push({ key: `${p.key}.${i}.when`, path: [p.key, i, 'when'], kind: 'expression', source: when });
      });
    }
  }
  return out;
}

/** A config value as summary text: lists joined, objects as JSON, absent as nothing. */
function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(asText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Fills `{{ key }}` holes (dotted keys allowed) with config values. */
export function fillSummary(template: string, config: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => {
    let v: unknown = config;
    for (const k of key.split('.'))
      v = v && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
    return asText(v);
  });
}

/** The canvas line for a config. */
export function summaryOf(desc: Pick<Described, 'summary'>, config: Record<string, unknown>): string {
  return typeof desc.summary === 'string' ? fillSummary(desc.summary, config) : desc.summary(config);
}

/** Config keys that hold a JSON Schema (validated as schemas). */
export function schemaParams(params: readonly ParamDescriptor[]): string[] {
  return params.filter((p) => p.kind === 'jsonSchema').map((p) => p.key);
}

/** What simulation does with the node when it has no pinned output. */
export function simulateOf(desc: Pick<Described, 'effect' | 'simulate'>): SimulateBehaviour {
  return desc.simulate ?? (desc.effect === 'external' ? 'pinned' : 'run');
}
