// `waymark cost` driven as a user would: the shipped examples with and without recorded runs
// (history seeded with `waymark run --simulate`), token figures from real (fake-LLM) runs, and
// bad input that exits 2 with a message naming the option.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/fake-llm-server';
import { cli, EXAMPLES, tempDir } from './helpers/cli';

const example = (name: string) => path.join(EXAMPLES, `${name}.waymark.json`);
const exampleInput = (name: string) =>
  JSON.stringify(
    (JSON.parse(readFileSync(example(name), 'utf8')) as { input: { examples: unknown[] } }).input.examples[0],
  );
const NAMES = ['support-routing', 'refund-triage', 'invoice-processing'];

interface Projection {
  history: { runs: number; simulated: number; used: boolean };
  perRun: { low: number; expected: number; high: number };
  perMonth: { low: number; expected: number; high: number };
  steps: Array<{
    nodeId: string;
    model: string;
    visits: number;
    tokens: { source: string; samples: number; input: { mean: number }; output: { mean: number } };
  }>;
  edges: Array<{ edgeId: string; source: string; port: string; probability: number; basis: string }>;
  curve: Array<{ volume: number; expected: number }>;
  budgets: Array<{ zone: string; limit: string; status: string }>;
}

describe('waymark cost on the shipped examples', () => {
  const dir = tempDir('waymark-cost-');
  const empty = path.join(dir, 'empty.db');
  const seeded = path.join(dir, 'seeded.db');

  beforeAll(async () => {
    for (const name of NAMES)
      for (let i = 0; i < 3; i++) {
        const r = await cli(['--db', seeded, '-q', 'run', example(name), '--simulate', '--input', exampleInput(name)]);
        expect([0, 3]).toContain(r.code);
      }
  }, 240_000);

  it.each(NAMES)('projects %s from its prompts when there is no history', async (name) => {
    const r = await cli(['--db', empty, '--json', 'cost', example(name), '--volume', '100000/month']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Projection;
    expect(p.history.used).toBe(false);
    expect(p.steps.length).toBeGreaterThan(0);
    for (const s of p.steps) {
      expect(s.tokens.source).toBe('estimate');
      expect(s.tokens.input.mean).toBeGreaterThan(10);
    }
    expect(p.perRun.expected).toBeGreaterThan(0);
    expect(p.perMonth.expected).toBeCloseTo(p.perRun.expected * 100_000, 4);
    expect(p.perRun.low).toBeLessThanOrEqual(p.perRun.expected);
    expect(p.perRun.high).toBeGreaterThanOrEqual(p.perRun.expected);
    expect(p.curve.map((c) => c.volume)).toContain(1_000_000);
  });

  it.each(NAMES)('takes the branch shares of %s from its recorded (simulated) runs', async (name) => {
    const r = await cli(['--db', seeded, '--json', 'cost', example(name), '--volume', '3000/day', '--from-runs']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Projection;
    expect(p.history).toEqual({ runs: 3, simulated: 3, used: true });
    // Every simulated run of an example takes the same path: the branches it took are certain.
    const fromHistory = p.edges.filter((e) => e.basis === 'history');
    expect(fromHistory.length).toBeGreaterThan(0);
    for (const e of fromHistory) expect([0, 1]).toContain(e.probability);
    // Simulated runs call no model: tokens stay estimates.
    expect(p.steps.every((s) => s.tokens.source === 'estimate')).toBe(true);
  });

  it('prints a readable report: range, drivers, budgets, what-ifs and the volume table', async () => {
    const r = await cli([
      '--db',
      seeded,
      'cost',
      example('invoice-processing'),
      '--volume',
      '100k',
      '--what-if',
      'extract=gpt-4.1-nano',
      '--infra',
      '5',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Invoice processing · 100,000 runs\/month \(100k\) · history: 3 run\(s\), 3 simulated/);
    expect(r.stdout).toMatch(
      /per month +\$[\d.,]+ +\(\$[\d.,]+ – \$[\d.,]+\) +\(model spend \$[\d.,]+ × infrastructure 5\)/,
    );
    expect(r.stdout).toContain('top cost drivers');
    expect(r.stdout).toMatch(/Extract invoice fields \(extract\) +gpt-4\.1-nano/);
    expect(r.stdout).toContain('zone budgets (per run)');
    expect(r.stdout).toMatch(/"Extract invoice fields" on gpt-4\.1-nano +\$[\d.,]+ +-\$/);
    expect(r.stdout).toMatch(/1,000,000 +\$/);
  });

  it('refuses --from-runs when nothing was recorded', async () => {
    const r = await cli(['--db', empty, 'cost', example('support-routing'), '--volume', '1000', '--from-runs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/waymark: --from-runs: there are no recorded runs of "Support routing"/);
  });

  it.each([
    [['--volume', 'abc'], /--volume: volume "abc" is not a number of runs per period; write it like 100000\/month/],
    [
      ['--volume', '1000', '--what-if', 'nosuch=x'],
      /--what-if: what-if "nosuch=x": there is no step "nosuch" in "Support routing"; its LLM steps are classify/,
    ],
    [['--volume', '1000', '--what-if', 'classify=gpt-9000'], /no model "gpt-9000" in the price table/],
    [['--volume', '1000', '--what-if', 'route=gpt-4o'], /step "Route" is a decision step, which calls no model/],
    [['--volume', '1000', '--infra', 'lots'], /--infra "lots" must be a number from 1 to 1000/],
  ])('exits 2 on bad input %j', async (args, message) => {
    const r = await cli(['--db', empty, 'cost', example('support-routing'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('waymark cost from real runs', () => {
  const dir = tempDir('waymark-cost-real-');
  const db = path.join(dir, 'runs.db');
  let llm: FakeLlmServer;
  beforeAll(async () => {
    llm = await startFakeLlmServer();
    let n = 0;
    // Recorded usage 400, 500, 600 input tokens and 80, 100, 120 output tokens.
    llm.setHandler(() => {
      const k = n++ % 3;
      return { text: 'ok', usage: { inputTokens: 400 + 100 * k, outputTokens: 80 + 20 * k } };
    });
  });
  afterAll(() => llm.close());

  it('reads the token distribution of each LLM step from the recorded runs', async () => {
    const file = path.join(dir, 'ask.waymark.json');
    writeFileSync(
      file,
      JSON.stringify({
        specVersion: 1,
        id: 'ask',
        name: 'Ask',
        connectors: {
          m: {
            kind: 'llm',
            provider: 'openai',
            model: 'gpt-4o-mini',
            baseUrl: llm.openaiBaseUrl,
            pricing: { inputPerMTok: 1, outputPerMTok: 10 },
          },
        },
        zones: [{ id: 'ai', name: 'AI', policy: { unattended: ['read', 'draft'] } }],
        nodes: [
          { id: 'start', type: 'start', name: 'Start' },
          { id: 'ask', type: 'llm', name: 'Ask the model', zone: 'ai', config: { model: 'm', prompt: 'Hi' } },
          { id: 'end', type: 'end', name: 'End' },
        ],
        edges: [
          { id: 'e1', source: 'start', target: 'ask' },
          { id: 'e2', source: 'ask', target: 'end' },
        ],
      }),
    );
    for (let i = 0; i < 3; i++) expect((await cli(['--db', db, '-q', 'run', file])).code).toBe(0);
    const r = await cli(['--db', db, '--json', 'cost', file, '--volume', '1000/month', '--from-runs']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Projection;
    const ask = p.steps.find((s) => s.nodeId === 'ask');
    expect(ask?.tokens).toMatchObject({ source: 'history', samples: 3, input: { mean: 500 }, output: { mean: 100 } });
    // (500 × $1 + 100 × $10) per million tokens, one visit per run.
    expect(p.perRun.expected).toBeCloseTo(0.0015, 8);
    expect(p.perMonth.expected).toBeCloseTo(1.5, 6);
  }, 120_000);
});
