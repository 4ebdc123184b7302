/**
 * The cost projection: pure and synchronous, from a spec, what its recorded runs say
 * (history.ts), token estimates of its LLM steps (estimate.ts) and the parsed options.
 *
 * The model. Each step leaves by one of its edges with a probability: the recorded share when
 * the step has history, else the edge's `probability` prior, else an assumption (error edges
 * not taken, approvals approved, branches split evenly) that the notes name. The expected
 * visits of every step follow from these (a Markov chain from the start step; an edge with
 * `maxTraversals` is taken at most that often). A step's cost per run is its expected visits
 * times the cost of one visit: mean tokens for the expected figure, the median for the low
 * one, the 90th percentile for the high one. The range also spreads the branch shares: the
 * high figure moves probability toward the costlier branch of every fork (by the sampling
 * error of its history, or 10 points for a prior, 25 for an assumption), the low one toward
 * the cheaper branch.
 */
import { PRICES_SOURCE } from '../../../shared/llm-models.generated';
import type { CostBudget, CostEdge, CostProjection, CostRange, CostStep, TokenStat } from '../../../shared/cost';
import type { LlmConnector, SpecNode, WorkflowSpec } from '../../../shared/spec/schema';
import { FAIL, mean, quantile, type HistoryStats } from './history';
import { connectorPrice, describeWhatIf, llmSteps, type PricedModel, type WhatIf } from './options';
import type { StepEstimate } from './estimate';
import { costToGo, spread, transitions, visits, type Transitions } from './flow';

export interface ProjectionInput {
  spec: WorkflowSpec;
  history: HistoryStats;
  /** Estimates of the LLM steps (used where a step has no recorded tokens). */
  estimates: ReadonlyMap<string, StepEstimate>;
  volumeText: string;
  volumePerMonth: number;
  /** `auto`: history where there is some; `history`: the same (the caller checked there is some); `estimate`: none. */
  basis: 'auto' | 'history' | 'estimate';
  whatIfs: readonly WhatIf[];
  infraMultiplier: number;
}

type Scenario = 'low' | 'expected' | 'high';
const SCENARIOS: readonly Scenario[] = ['low', 'expected', 'high'];

interface StepModel {
  node: SpecNode;
  alias: string;
  price: PricedModel;
  tokens: CostStep['tokens'];
  calls: number;
  notes: string[];
}

const round = (v: number, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;
/** Money to 6 significant digits: a cost per run may be a millionth of a dollar. */
const sig = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(6)));

function tokenStat(values: readonly number[]): TokenStat {
  return { p50: round(quantile(values, 0.5), 1), p90: round(quantile(values, 0.9), 1), mean: round(mean(values), 1) };
}

function stepModels(input: ProjectionInput, notes: string[]): StepModel[] {
  const { spec, history, estimates } = input;
  const useHistory = input.basis !== 'estimate';
  const out: StepModel[] = [];
  for (const node of llmSteps(spec)) {
    const alias = String(node.config.model ?? '');
    const conn = Object.hasOwn(spec.connectors, alias) ? spec.connectors[alias] : undefined;
    if (conn?.kind !== 'llm') continue;
    const price = connectorPrice(alias, conn as LlmConnector);
    const stepNotes: string[] = [];
    if (price.priceSource === 'none')
      stepNotes.push(
        `model "${conn.model}" of connector "${alias}" has no price in the table: add "pricing" to the connector (priced at $0 here)`,
      );
    const rec = useHistory ? history.tokens.get(node.id) : undefined;
    let tokens: CostStep['tokens'];
    let calls = 1;
    if (rec && rec.input.length) {
      tokens = {
        source: 'history',
        samples: rec.input.length,
        input: tokenStat(rec.input),
        output: tokenStat(rec.output),
      };
      calls = mean(rec.calls);
    } else {
      const est = estimates.get(node.id);
      const inTok = est?.input ?? 0;
      tokens = {
        source: 'estimate',
        samples: 0,
        input: { p50: inTok, p90: inTok, mean: inTok },
        output: est
          ? { p50: est.output.low, p90: est.output.high, mean: est.output.expected }
          : { p50: 0, p90: 0, mean: 0 },
        ...(est ? { tokenizer: est.tokenizer } : {}),
      };
      stepNotes.push(
        `tokens estimated from the prompt${est ? ` (${est.tokenizer})` : ''}: no recorded model calls of this step`,
        ...(est?.notes ?? []),
      );
    }
    out.push({ node, alias, price, tokens, calls, notes: stepNotes });
  }
  if (useHistory && history.runs > 0 && history.simulated === history.runs)
    notes.push(
      `the ${history.runs} recorded run(s) are all simulated: they give branch shares, while tokens are estimated from the prompts`,
    );
  return out;
}

/** Cost of one visit of a step in a scenario, with the what-ifs that apply to it. */
function visitCost(m: StepModel, s: Scenario, whatIfs: readonly WhatIf[]): number {
  const pick = (t: TokenStat) =>
    s === 'low' ? Math.min(t.p50, t.mean) : s === 'high' ? Math.max(t.p90, t.mean) : t.mean;
  const inTok = pick(m.tokens.input);
  const outTok = pick(m.tokens.output);
  let cache = 0;
  for (const w of whatIfs) if (w.kind === 'cache' && (w.nodeId === undefined || w.nodeId === m.node.id)) cache = w.rate;
  const priced = (p: PricedModel) =>
    (inTok * ((1 - cache) * p.inputPerMTok + cache * (p.cacheReadPerMTok ?? p.inputPerMTok)) +
      outTok * p.outputPerMTok) /
    1e6;
  let base = m.price;
  for (const w of whatIfs) if (w.kind === 'swap' && w.nodeId === m.node.id) base = w.to;
  let cost = priced(base);
  for (const w of whatIfs)
    if (w.kind === 'route' && w.nodeId === m.node.id) cost = (1 - w.share) * cost + w.share * priced(w.to);
  return cost;
}

interface Totals {
  perRun: CostRange;
  steps: Map<string, CostRange>;
  visits: Record<Scenario, Map<string, number>>;
}

function totals(spec: WorkflowSpec, t: Transitions, models: readonly StepModel[], whatIfs: readonly WhatIf[]): Totals {
  const byId = new Map(models.map((m) => [m.node.id, m]));
  const ids = spec.nodes.map((n) => n.id);
  const cost = (s: Scenario) => (id: string) => {
    const m = byId.get(id);
    return m ? visitCost(m, s, whatIfs) : 0;
  };
  const togo = costToGo(t, cost('expected'), ids);
  const trans: Record<Scenario, Transitions> = {
    low: spread(t, togo, 'low'),
    expected: t,
    high: spread(t, togo, 'high'),
  };
  const v = {
    low: visits(spec, trans.low),
    expected: visits(spec, trans.expected),
    high: visits(spec, trans.high),
  };
  const steps = new Map<string, CostRange>();
  const perRun: CostRange = { low: 0, expected: 0, high: 0 };
  for (const m of models) {
    const r = { low: 0, expected: 0, high: 0 };
    for (const s of SCENARIOS) {
      r[s] = (v[s].get(m.node.id) ?? 0) * cost(s)(m.node.id);
      perRun[s] += r[s];
    }
    steps.set(m.node.id, r);
  }
  // A what-if can make the "low" branch choice the costlier one; keep the range ordered.
  perRun.low = Math.min(perRun.low, perRun.expected);
  perRun.high = Math.max(perRun.high, perRun.expected);
  return { perRun, steps, visits: v };
}

const scale = (r: CostRange, k: number): CostRange => ({
  low: sig(r.low * k),
  expected: sig(r.expected * k),
  high: sig(r.high * k),
});

function budgets(spec: WorkflowSpec, models: readonly StepModel[], tot: Totals): CostBudget[] {
  const out: CostBudget[] = [];
  for (const zone of spec.zones) {
    const b = zone.policy.budget;
    if (!b) continue;
    const inZone = (n: SpecNode) => n.zone === zone.id;
    const ms = models.filter((m) => inZone(m.node));
    const sum = (s: Scenario, f: (m: StepModel) => number) =>
      ms.reduce((acc, m) => acc + (tot.visits[s].get(m.node.id) ?? 0) * f(m), 0);
    const figures: Array<[CostBudget['limit'], number | undefined, number, number]> = [
      [
        'maxCostUsd',
        b.maxCostUsd,
        ms.reduce((a, m) => a + (tot.steps.get(m.node.id)?.expected ?? 0), 0),
        ms.reduce((a, m) => a + (tot.steps.get(m.node.id)?.high ?? 0), 0),
      ],
      [
        'maxTokens',
        b.maxTokens,
        sum('expected', (m) => m.tokens.input.mean + m.tokens.output.mean),
        sum(
          'high',
          (m) =>
            Math.max(m.tokens.input.p90, m.tokens.input.mean) + Math.max(m.tokens.output.p90, m.tokens.output.mean),
        ),
      ],
      ['maxLlmCalls', b.maxLlmCalls, sum('expected', (m) => m.calls), sum('high', (m) => m.calls)],
      [
        'maxSteps',
        b.maxSteps,
        spec.nodes.filter(inZone).reduce((a, n) => a + (tot.visits.expected.get(n.id) ?? 0), 0),
        spec.nodes.filter(inZone).reduce((a, n) => a + (tot.visits.high.get(n.id) ?? 0), 0),
      ],
    ];
    for (const [limit, max, expected, high] of figures) {
      if (max === undefined) continue;
      out.push({
        zone: zone.id,
        zoneName: zone.name,
        limit,
        max,
        expected: sig(expected),
        high: sig(Math.max(high, expected)),
        status: expected > max ? 'over' : Math.max(high, expected) > max ? 'at-risk' : 'within',
      });
    }
  }
  return out;
}

/** The projection. */
export function projectCost(input: ProjectionInput): CostProjection {
  const { spec } = input;
  const notes: string[] = [];
  const useHistory = input.basis !== 'estimate';
  const t = transitions(spec, input.history, useHistory, notes);
  const models = stepModels(input, notes);
  const k = input.volumePerMonth * input.infraMultiplier;
  const all = totals(spec, t, models, input.whatIfs);
  const baseline = input.whatIfs.length ? totals(spec, t, models, []) : all;
  const steps: CostStep[] = models.map((m) => {
    const r = all.steps.get(m.node.id) ?? { low: 0, expected: 0, high: 0 };
    const mine = input.whatIfs.filter((w) => w.nodeId === m.node.id || (w.kind === 'cache' && w.nodeId === undefined));
    const swap = mine.find((w): w is Extract<WhatIf, { kind: 'swap' }> => w.kind === 'swap');
    const price = swap?.to ?? m.price;
    return {
      nodeId: m.node.id,
      name: m.node.name,
      type: m.node.type,
      ...(m.node.zone ? { zone: m.node.zone } : {}),
      connector: price.connector ?? m.alias,
      model: price.model,
      priceSource: price.priceSource,
      inputPerMTok: price.inputPerMTok,
      outputPerMTok: price.outputPerMTok,
      visits: round(all.visits.expected.get(m.node.id) ?? 0),
      tokens: m.tokens,
      perRun: scale(r, 1),
      share: all.perRun.expected ? round(r.expected / all.perRun.expected, 4) : 0,
      whatIf: mine.map((w) => describeWhatIf(spec, w)),
      notes:
        mine.some((w) => w.kind === 'cache') && price.cacheReadPerMTok === undefined
          ? [...m.notes, `no prompt-cache price is known for ${price.model}: cache hits are priced as uncached input`]
          : m.notes,
    };
  });
  steps.sort((a, b) => b.perRun.expected - a.perRun.expected || a.nodeId.localeCompare(b.nodeId));
  const edges: CostEdge[] = [...t.values()].flat().map((o) => ({
    edgeId: o.edge.id,
    source: o.edge.source,
    target: o.edge.target,
    port: o.port,
    probability: round(o.p, 4),
    basis: o.basis,
    observations: o.observations,
  }));
  for (const [id, deps] of useHistory ? input.history.departures : []) {
    const failed = deps.get(FAIL) ?? 0;
    const total = [...deps.values()].reduce((a, b) => a + b, 0);
    if (failed && t.has(id))
      notes.push(
        `"${spec.nodes.find((n) => n.id === id)?.name ?? id}" failed without an error path in ${failed} of ${total} recorded visits (the run ended there)`,
      );
  }
  if (!models.length) notes.push('this workflow has no LLM steps: its model spend is $0');
  const classifiers = spec.nodes.filter((n) => {
    const c = n.config as { injectionClassifier?: unknown; guardrails?: { injectionClassifier?: unknown } };
    return c.injectionClassifier !== undefined || c.guardrails?.injectionClassifier !== undefined;
  });
  if (classifiers.length)
    notes.push(
      `calls to an LLM injection classifier (${classifiers.map((n) => `"${n.name}"`).join(', ')}) are not included`,
    );
  const whatIfs = input.whatIfs.map((w) => {
    const alone = totals(spec, t, models, [w]).perRun.expected * k;
    return {
      text: w.text,
      description: describeWhatIf(spec, w),
      perMonth: round(alone, 2),
      delta: round(alone - baseline.perRun.expected * k, 2),
    };
  });
  const curve = [0.1, 0.25, 0.5, 1, 2, 5, 10].map((f) => {
    const vol = input.volumePerMonth * f;
    const r = scale(all.perRun, vol * input.infraMultiplier);
    return { volume: round(vol, 2), low: round(r.low, 2), expected: round(r.expected, 2), high: round(r.high, 2) };
  });
  return {
    specId: spec.id,
    specName: spec.name,
    volume: { text: input.volumeText, perMonth: round(input.volumePerMonth, 2) },
    history: {
      runs: input.history.runs,
      simulated: input.history.simulated,
      used: useHistory && input.history.runs > 0,
    },
    infraMultiplier: input.infraMultiplier,
    perRun: scale(all.perRun, 1),
    perMonth: scale(all.perRun, k),
    modelPerMonth: scale(all.perRun, input.volumePerMonth),
    baselinePerMonth: scale(baseline.perRun, k),
    steps,
    edges,
    budgets: budgets(spec, models, all),
    whatIfs,
    curve,
    notes,
    prices: { source: `${PRICES_SOURCE.package} ${PRICES_SOURCE.version}`, asOf: PRICES_SOURCE.asOf },
  };
}
