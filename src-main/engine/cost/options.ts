/**
 * The projection's options as people write them: a volume (`100000/month`) and what-ifs
 * (`classify=gpt-4.1-nano`, `classify=gpt-4.1-nano@30%`, `cache=0.5`, `classify.cache=50%`).
 * Bad input is a {@link CostInputError} whose message names the option, what is wrong and how
 * to write it instead.
 */
import { LLM_PROVIDERS, providerOf, type ModelEntry } from '../../../shared/llm-models';
import type { LlmConnector, SpecNode, WorkflowSpec } from '../../../shared/spec/schema';

export class CostInputError extends Error {
  constructor(
    message: string,
    /** Which option: `volume`, `whatIf`, `basis`, `infraMultiplier`. */
    readonly field: string,
  ) {
    super(message);
    this.name = 'CostInputError';
  }
}

/** Days in an average month (365.25 / 12). */
const DAYS_PER_MONTH = 30.4375;
const PER_MONTH: Record<string, number> = {
  day: DAYS_PER_MONTH,
  d: DAYS_PER_MONTH,
  week: DAYS_PER_MONTH / 7,
  w: DAYS_PER_MONTH / 7,
  month: 1,
  mo: 1,
  m: 1,
  year: 1 / 12,
  y: 1 / 12,
};

/** Runs per month from `100000/month`, `3000/day`, `25k/week`, `1.2m/year` or a bare number (per month). */
export function parseVolume(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([km])?\s*(?:(?:\/|per\s+)\s*([a-z]+))?\s*$/i.exec(text.replace(/[_,]/g, ''));
  const unit = m?.[3]?.toLowerCase();
  if (!m || (unit !== undefined && !(unit in PER_MONTH)))
    throw new CostInputError(
      `volume "${text}" is not a number of runs per period; write it like 100000/month, 3000/day, 25k/week or 1.2m/year`,
      'volume',
    );
  const scale = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  const perMonth = Number(m[1]) * scale * (unit ? PER_MONTH[unit]! : 1);
  if (!(perMonth > 0) || perMonth > 1e12)
    throw new CostInputError(`volume "${text}" must be more than 0 and at most 10¹² runs a month`, 'volume');
  return perMonth;
}

/** A price a what-if points at: a model of the offline table or a connector of the workflow. */
export interface PricedModel {
  /** How the what-if named it, resolved: `gpt-4.1-nano` or the connector alias. */
  label: string;
  model: string;
  connector?: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  priceSource: 'connector' | 'table' | 'none';
}

export type WhatIf =
  | { kind: 'swap'; text: string; nodeId: string; to: PricedModel }
  | { kind: 'route'; text: string; nodeId: string; to: PricedModel; share: number }
  | { kind: 'cache'; text: string; nodeId?: string; rate: number };

/** The price of an LLM connector: its own `pricing`, else the offline table, else none. */
export function connectorPrice(alias: string, c: LlmConnector): PricedModel {
  const entry = providerOf(c).models.find((m) => m.id === c.model);
  if (c.pricing) {
    // Without its own cache price, a connector's cache reads keep the table's discount for the model.
    const cacheRead =
      c.pricing.cacheReadPerMTok ??
      (entry?.cacheReadPerMTok !== undefined && entry.inputPerMTok > 0
        ? (c.pricing.inputPerMTok * entry.cacheReadPerMTok) / entry.inputPerMTok
        : undefined);
    return {
      label: alias,
      model: c.model,
      connector: alias,
      inputPerMTok: c.pricing.inputPerMTok,
      outputPerMTok: c.pricing.outputPerMTok,
      ...(cacheRead !== undefined ? { cacheReadPerMTok: cacheRead } : {}),
      priceSource: 'connector',
    };
  }
  return entry
    ? { ...fromEntry(entry), label: alias, connector: alias }
    : { label: alias, model: c.model, connector: alias, inputPerMTok: 0, outputPerMTok: 0, priceSource: 'none' };
}

function fromEntry(m: ModelEntry): PricedModel {
  return {
    label: m.id,
    model: m.id,
    inputPerMTok: m.inputPerMTok,
    outputPerMTok: m.outputPerMTok,
    ...(m.cacheReadPerMTok !== undefined ? { cacheReadPerMTok: m.cacheReadPerMTok } : {}),
    priceSource: 'table',
  };
}

/** A model by connector alias, `provider/model`, `provider:model` or a bare model id (first provider that has it). */
export function resolveModel(spec: WorkflowSpec, name: string, whatIf: string): PricedModel {
  const conn = Object.hasOwn(spec.connectors, name) ? spec.connectors[name] : undefined;
  if (conn?.kind === 'llm') return connectorPrice(name, conn);
  const qualified = /^([a-z0-9-]+)[/:](.+)$/i.exec(name);
  if (qualified) {
    const provider = LLM_PROVIDERS.find((p) => p.id === qualified[1]!.toLowerCase());
    const entry = provider?.models.find((m) => m.id === qualified[2]);
    if (entry) return fromEntry(entry);
  }
  for (const p of LLM_PROVIDERS) {
    const entry = p.models.find((m) => m.id === name);
    if (entry) return fromEntry(entry);
  }
  const near = LLM_PROVIDERS.flatMap((p) => p.models.map((m) => m.id))
    .filter((id) => id.includes(name.slice(0, Math.max(3, Math.floor(name.length / 2)))))
    .slice(0, 5);
  throw new CostInputError(
    `what-if "${whatIf}": there is no model "${name}" in the price table, and no LLM connector "${name}" in this workflow; ${
      near.length
        ? `did you mean ${near.join(', ')}?`
        : 'name a model such as gpt-4.1-nano or anthropic/claude-3-5-haiku-latest'
    }`,
    'whatIf',
  );
}

/** A share: `0.3`, `30%`. */
function parseShare(text: string, whatIf: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%)?\s*$/.exec(text);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0 && v <= 1))
    throw new CostInputError(
      `what-if "${whatIf}": ${what} "${text}" must be between 0 and 1, or a percentage like 30%`,
      'whatIf',
    );
  return v;
}

/** The LLM steps of a spec: the steps a what-if may change. */
export function llmSteps(spec: WorkflowSpec): SpecNode[] {
  return spec.nodes.filter((n) => n.type === 'llm');
}

function findStep(spec: WorkflowSpec, ref: string, whatIf: string): SpecNode {
  const lower = ref.toLowerCase();
  const node = spec.nodes.find((n) => n.id === ref) ?? spec.nodes.find((n) => n.name.toLowerCase() === lower);
  const steps = llmSteps(spec)
    .map((n) => `${n.id} ("${n.name}")`)
    .join(', ');
  if (!node)
    throw new CostInputError(
      `what-if "${whatIf}": there is no step "${ref}" in "${spec.name}"; its LLM steps are ${steps || 'none'}`,
      'whatIf',
    );
  if (node.type !== 'llm')
    throw new CostInputError(
      `what-if "${whatIf}": step "${node.name}" is a ${node.type} step, which calls no model; its LLM steps are ${steps || 'none'}`,
      'whatIf',
    );
  return node;
}

/** Parses one what-if against the spec. */
export function parseWhatIf(spec: WorkflowSpec, text: string): WhatIf {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1)
    throw new CostInputError(
      `what-if "${text}" is not of the form step=model, step=model@30%, cache=0.5 or step.cache=50%`,
      'whatIf',
    );
  const left = text.slice(0, eq).trim();
  const right = text.slice(eq + 1).trim();
  if (left === 'cache') return { kind: 'cache', text, rate: parseShare(right, text, 'the cache hit rate') };
  if (left.endsWith('.cache')) {
    const node = findStep(spec, left.slice(0, -'.cache'.length), text);
    return { kind: 'cache', text, nodeId: node.id, rate: parseShare(right, text, 'the cache hit rate') };
  }
  const node = findStep(spec, left, text);
  const at = right.lastIndexOf('@');
  if (at > 0) {
    const to = resolveModel(spec, right.slice(0, at).trim(), text);
    return { kind: 'route', text, nodeId: node.id, to, share: parseShare(right.slice(at + 1), text, 'the share') };
  }
  return { kind: 'swap', text, nodeId: node.id, to: resolveModel(spec, right, text) };
}

/** A what-if in words. */
export function describeWhatIf(spec: WorkflowSpec, w: WhatIf): string {
  const name = (id: string | undefined) => (id ? `"${spec.nodes.find((n) => n.id === id)?.name ?? id}"` : 'every step');
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  switch (w.kind) {
    case 'swap':
      return `${name(w.nodeId)} on ${w.to.label}`;
    case 'route':
      return `${pct(w.share)} of ${name(w.nodeId)} routed to ${w.to.label}`;
    case 'cache':
      return `${pct(w.rate)} prompt-cache hits on ${name(w.nodeId)}`;
  }
}
