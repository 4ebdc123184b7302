// The cost projection against a synthetic, seeded history whose distributions are known: the
// figures must land within 10% of the analytic answer, the planted branch shares must come
// back, and what-ifs, budgets, priors and the prompt estimate must move the figures as the
// arithmetic says.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import type { CostOptions } from '../shared/cost';
import { CostOptionsSchema } from '../shared/cost';
import { SpecSchema, type WorkflowSpec, type WorkflowSpecInput } from '../shared/spec/schema';
import { gptTokenCounter } from '../src-main/connectors/tokenizer';
import { CostInputError, projectSpecCost, type HistoryRun } from '../src-main/engine/cost';
import { parseVolume } from '../src-main/engine/cost/options';
import { rng } from './helpers/rng';

/**
 * start → classify (LLM) → route: `long` (planted 70%) → summarize (LLM) → check: `again`
 * (planted 40%, bound 3) back to summarize, or `done` → end; `short` (30%) → end.
 */
function specInput(over: { priors?: Record<string, number>; budget?: number } = {}): WorkflowSpecInput {
  const p = (id: string) => (over.priors?.[id] !== undefined ? { probability: over.priors[id] } : {});
  return {
    specVersion: 1,
    id: 'synthetic',
    name: 'Synthetic',
    input: { type: 'object', properties: { name: { type: 'string' } }, examples: [{ name: 'World' }] },
    connectors: {
      m: {
        kind: 'llm',
        provider: 'openai',
        model: 'gpt-4o',
        pricing: { inputPerMTok: 1, outputPerMTok: 2, cacheReadPerMTok: 0.1 },
      },
    },
    zones: [
      {
        id: 'z',
        name: 'Summaries',
        policy: { unattended: ['read', 'draft'], ...(over.budget ? { budget: { maxCostUsd: over.budget } } : {}) },
      },
    ],
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'classify', type: 'llm', name: 'Classify', config: { model: 'm', prompt: 'Hello {{ input.name }}' } },
      {
        id: 'route',
        type: 'decision',
        name: 'Route',
        config: { rules: [{ when: 'true', branch: 'long' }], defaultBranch: 'short' },
      },
      { id: 'summarize', type: 'llm', name: 'Summarize', zone: 'z', config: { model: 'm', prompt: 'Sum up' } },
      {
        id: 'check',
        type: 'decision',
        name: 'Check',
        config: { rules: [{ when: 'true', branch: 'again' }], defaultBranch: 'done' },
      },
      { id: 'end', type: 'end', name: 'End' },
      { id: 'end2', type: 'end', name: 'Short end' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'classify' },
      { id: 'e2', source: 'classify', target: 'route' },
      { id: 'long', source: 'route', target: 'summarize', kind: 'branch', branch: 'long', ...p('long') },
      { id: 'short', source: 'route', target: 'end2', kind: 'branch', branch: 'short', ...p('short') },
      { id: 'e3', source: 'summarize', target: 'check' },
      {
        id: 'again',
        source: 'check',
        target: 'summarize',
        kind: 'branch',
        branch: 'again',
        maxTraversals: 3,
        ...p('again'),
      },
      { id: 'done', source: 'check', target: 'end', kind: 'branch', branch: 'done', ...p('done') },
    ],
  };
}
const spec = (over?: Parameters<typeof specInput>[0]): WorkflowSpec => SpecSchema.parse(specInput(over));

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, costUsd: 0, llmCalls: 1 });
const done = (nodeId: string, port: string, u = usage(0, 0)) => ({
  nodeId,
  status: 'completed' as const,
  port,
  usage: u.llmCalls && u.inputTokens ? u : { ...u, llmCalls: 0 },
});

/** Runs as the engine would record them: classify in U[800,1200]→U[100,200], summarize in U[2000,4000]→U[200,600]. */
function history(n: number, seed: number): HistoryRun[] {
  const r = rng(seed);
  const u = (a: number, b: number) => Math.round(a + (b - a) * r());
  const runs: HistoryRun[] = [];
  for (let i = 0; i < n; i++) {
    const steps = [done('start', 'next'), done('classify', 'next', usage(u(800, 1200), u(100, 200)))];
    let status: HistoryRun['status'] = 'completed';
    if (r() < 0.7) {
      steps.push(done('route', 'branch:long'));
      for (let loops = 0; ; loops++) {
        steps.push(done('summarize', 'next', usage(u(2000, 4000), u(200, 600))));
        const again = r() < 0.4;
        steps.push(done('check', again ? 'branch:again' : 'branch:done'));
        if (!again) break;
        // The fourth "again" passes the edge's bound: the run fails there (loop.bound).
        if (loops === 3) {
          status = 'failed';
          break;
        }
      }
    } else steps.push(done('route', 'branch:short'));
    runs.push({ simulate: false, status, steps });
  }
  return runs;
}

const opts = (o: Partial<CostOptions> = {}) => CostOptionsSchema.parse({ volume: '100000/month', ...o });
const near = (actual: number, expected: number, tolerance = 0.1) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThan(tolerance);

// Analytic: classify 1 visit × (1000 × $1 + 150 × $2) / 1e6; summarize 0.7 × (1 + .4 + .4² + .4³) visits × (3000 × $1 + 400 × $2) / 1e6.
const CLASSIFY = (1000 * 1 + 150 * 2) / 1e6;
const SUMMARIZE_VISITS = 0.7 * (1 + 0.4 + 0.16 + 0.064);
const SUMMARIZE = SUMMARIZE_VISITS * ((3000 * 1 + 400 * 2) / 1e6);

describe('cost projection from a seeded history', () => {
  const runs = history(3000, 7);

  it('lands within 10% of the analytic cost per run and per month', async () => {
    const p = await projectSpecCost(spec(), runs, opts({ basis: 'history' }), gptTokenCounter);
    expect(p.history).toEqual({ runs: 3000, simulated: 0, used: true });
    near(p.perRun.expected, CLASSIFY + SUMMARIZE);
    near(p.perMonth.expected, (CLASSIFY + SUMMARIZE) * 100_000);
    expect(p.perRun.low).toBeLessThan(p.perRun.expected);
    expect(p.perRun.high).toBeGreaterThan(p.perRun.expected);
    const sum = p.steps.find((s) => s.nodeId === 'summarize');
    near(sum?.visits ?? 0, SUMMARIZE_VISITS);
    near(sum?.perRun.expected ?? 0, SUMMARIZE);
    // The biggest driver first, shares adding up to one.
    expect(p.steps.map((s) => s.nodeId)).toEqual(['summarize', 'classify']);
    near(
      p.steps.reduce((a, s) => a + s.share, 0),
      1,
      0.001,
    );
  });

  it('recovers the token distributions and the planted branch shares', async () => {
    const p = await projectSpecCost(spec(), runs, opts(), gptTokenCounter);
    const cls = p.steps.find((s) => s.nodeId === 'classify');
    expect(cls?.tokens.source).toBe('history');
    expect(cls?.tokens.samples).toBe(3000);
    near(cls?.tokens.input.p50 ?? 0, 1000, 0.02);
    near(cls?.tokens.input.p90 ?? 0, 1160, 0.02);
    near(cls?.tokens.output.mean ?? 0, 150, 0.02);
    const edge = (id: string) => p.edges.find((e) => e.edgeId === id);
    expect(edge('long')?.basis).toBe('history');
    expect(Math.abs((edge('long')?.probability ?? 0) - 0.7)).toBeLessThan(0.03);
    expect(Math.abs((edge('again')?.probability ?? 0) - 0.4)).toBeLessThan(0.03);
  });

  it('applies a model swap, a routed share and a cache hit rate as priced', async () => {
    const base = await projectSpecCost(spec(), runs, opts(), gptTokenCounter);
    const cls = base.steps.find((s) => s.nodeId === 'classify')?.perRun.expected ?? 0;
    const sum = base.steps.find((s) => s.nodeId === 'summarize')?.perRun.expected ?? 0;
    const meanIn = base.steps.find((s) => s.nodeId === 'classify')?.tokens.input.mean ?? 0;
    const meanOut = base.steps.find((s) => s.nodeId === 'classify')?.tokens.output.mean ?? 0;
    // gpt-4.1-nano: $0.10 in, $0.40 out per million (the offline table).
    const swapped = await projectSpecCost(spec(), runs, opts({ whatIf: ['classify=gpt-4.1-nano'] }), gptTokenCounter);
    near(
      swapped.steps.find((s) => s.nodeId === 'classify')?.perRun.expected ?? 0,
      (meanIn * 0.1 + meanOut * 0.4) / 1e6,
      0.001,
    );
    expect(swapped.steps.find((s) => s.nodeId === 'classify')?.model).toBe('gpt-4.1-nano');
    near(swapped.baselinePerMonth.expected, base.perMonth.expected, 0.001);
    const routed = await projectSpecCost(
      spec(),
      runs,
      opts({ whatIf: ['summarize=gpt-4.1-nano@50%'] }),
      gptTokenCounter,
    );
    const nanoShare = (sum * (0.1 * 3000 + 0.4 * 400)) / (3000 + 2 * 400);
    near(routed.steps.find((s) => s.nodeId === 'summarize')?.perRun.expected ?? 0, 0.5 * sum + 0.5 * nanoShare, 0.02);
    const cached = await projectSpecCost(spec(), runs, opts({ whatIf: ['classify.cache=50%'] }), gptTokenCounter);
    near(
      cached.steps.find((s) => s.nodeId === 'classify')?.perRun.expected ?? 0,
      (meanIn * (0.5 * 1 + 0.5 * 0.1) + meanOut * 2) / 1e6,
      0.001,
    );
    expect(cached.whatIfs[0]?.delta).toBeLessThan(0);
    expect(cls).toBeGreaterThan(0);
  });

  it('multiplies by the infrastructure multiplier and compares with zone budgets', async () => {
    const p = await projectSpecCost(spec({ budget: 0.004 }), runs, opts({ infraMultiplier: 5 }), gptTokenCounter);
    near(p.perMonth.expected, p.modelPerMonth.expected * 5, 0.001);
    const b = p.budgets.find((x) => x.zone === 'z' && x.limit === 'maxCostUsd');
    near(b?.expected ?? 0, SUMMARIZE);
    expect(b?.status).toBe('over');
    const roomy = await projectSpecCost(spec({ budget: 1 }), runs, opts(), gptTokenCounter);
    expect(roomy.budgets[0]?.status).toBe('within');
    // The chart's points are the volume times the cost per run.
    const point = p.curve.find((c) => c.volume === 1_000_000);
    near(point?.expected ?? 0, p.perRun.expected * 1_000_000 * 5, 0.001);
  });
});

describe('cost projection without history', () => {
  it('uses the edge priors, and names its assumptions', async () => {
    const p = await projectSpecCost(spec({ priors: { long: 0.2, again: 0.5 } }), [], opts(), gptTokenCounter);
    expect(p.history.used).toBe(false);
    const edge = (id: string) => p.edges.find((e) => e.edgeId === id);
    expect(edge('long')).toMatchObject({ probability: 0.2, basis: 'prior' });
    expect(edge('short')).toMatchObject({ probability: 0.8, basis: 'assumed' });
    // Bounded loop: 1 + .5 + .25 + .125 expected summaries per long run.
    near(p.steps.find((s) => s.nodeId === 'summarize')?.visits ?? 0, 0.2 * 1.875);
    const even = await projectSpecCost(spec(), [], opts(), gptTokenCounter);
    expect(even.notes.join('\n')).toMatch(/branches of "Route" are assumed equally likely/);
  });

  it('estimates tokens from the rendered prompt with the o200k tokenizer', async () => {
    const p = await projectSpecCost(spec(), [], opts(), gptTokenCounter);
    const cls = p.steps.find((s) => s.nodeId === 'classify');
    expect(cls?.tokens).toMatchObject({ source: 'estimate', samples: 0, tokenizer: 'o200k_base' });
    // One user message ("Hello World", the example input rendered) plus the chat overhead.
    expect(cls?.tokens.input.mean).toBe(countTokens('Hello World') + 4 + 3);
    const longer = SpecSchema.parse({
      ...specInput(),
      input: { type: 'object', examples: [{ name: 'a much longer name than before, with several more words' }] },
    });
    const q = await projectSpecCost(longer, [], opts(), gptTokenCounter);
    expect(q.steps.find((s) => s.nodeId === 'classify')?.tokens.input.mean).toBeGreaterThan(
      cls?.tokens.input.mean ?? 0,
    );
  });

  it('prefers history over priors once there is some, and ignores it when asked', async () => {
    const runs = history(400, 3);
    const primed = spec({ priors: { long: 0.2 } });
    const withHistory = await projectSpecCost(primed, runs, opts(), gptTokenCounter);
    expect(withHistory.edges.find((e) => e.edgeId === 'long')?.basis).toBe('history');
    const estimated = await projectSpecCost(primed, runs, opts({ basis: 'estimate' }), gptTokenCounter);
    expect(estimated.edges.find((e) => e.edgeId === 'long')).toMatchObject({ probability: 0.2, basis: 'prior' });
    expect(estimated.steps.every((s) => s.tokens.source === 'estimate')).toBe(true);
  });

  it('uses simulated runs for branch shares only', async () => {
    const sim = history(50, 9).map((r) => ({ ...r, simulate: true }));
    const p = await projectSpecCost(spec(), sim, opts(), gptTokenCounter);
    expect(p.history).toEqual({ runs: 50, simulated: 50, used: true });
    expect(p.edges.find((e) => e.edgeId === 'long')?.basis).toBe('history');
    expect(p.steps.every((s) => s.tokens.source === 'estimate')).toBe(true);
    expect(p.notes.join('\n')).toMatch(/all simulated/);
  });
});

describe('bad input', () => {
  it('names the volume, the what-if and the unknown model', async () => {
    expect(() => parseVolume('abc')).toThrow(/volume "abc" is not a number of runs per period/);
    expect(parseVolume('3000/day')).toBeCloseTo(3000 * 30.4375);
    expect(parseVolume('25k/week')).toBeCloseTo((25_000 * 30.4375) / 7);
    expect(parseVolume('1.2m/year')).toBeCloseTo(100_000);
    const fail = (o: Partial<CostOptions>) => projectSpecCost(spec(), [], opts(o), gptTokenCounter);
    await expect(fail({ whatIf: ['nosuch=gpt-4o'] })).rejects.toThrow(/there is no step "nosuch" in "Synthetic"/);
    await expect(fail({ whatIf: ['route=gpt-4o'] })).rejects.toThrow(
      /"Route" is a decision step, which calls no model/,
    );
    await expect(fail({ whatIf: ['classify=gpt-9000'] })).rejects.toThrow(/no model "gpt-9000" in the price table/);
    await expect(fail({ whatIf: ['classify=gpt-4o@150%'] })).rejects.toThrow(/between 0 and 1/);
    await expect(fail({ basis: 'history' })).rejects.toBeInstanceOf(CostInputError);
  });
});
