/**
 * Bounded-evaluation benchmarks:
 * 1. PII detection (every kind) over 1 MB of adversarial text — the inputs that made the
 *    old patterns quadratic or exponential — worst case against the 1 s goal, with a plain
 *    linear regex pass over the same text as the baseline for context;
 * 2. the same for prompt-injection screening (all rules and decoded views), and for the
 *    learned model alone (goal: < 1 ms per KB, i.e. ≤ 1 s per MB);
 * 3. engine time per transform step with a provably cheap expression (evaluated in-process)
 *    against the same chain with an expression that must go to the sandbox's worker.
 */
import { performance } from 'node:perf_hooks';
import { systemClock, systemRandom } from '../src-main/connectors/system';
import { findInjection } from '../src-main/engine/guardrails/injection';
import { injectionScore } from '../src-main/engine/guardrails/injection-model';
import { findPii } from '../src-main/engine/guardrails/pii';
import { MemoryCheckpointStore } from '../src-main/engine/memory-store';
import { builtinRegistry } from '../src-main/engine/nodes';
import { Engine } from '../src-main/engine/engine';
import { mapSecrets, noHttp, noLlm } from '../src-main/engine/testing/fakes';
import { WorkerSandbox } from '../src-main/sandbox/pool';
import { printTable, type BenchResult } from './engine';

const MB = 1_000_000;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
/** Text shapes that made a pattern rescan or backtrack: long runs, separators, near-misses. */
const ADVERSARIAL: Record<string, string> = {
  letters: fill('a'),
  digits: fill('1'),
  'spaced digits': fill('1 '),
  'dashed digits': fill('1-'),
  'dotted words': fill('a.'),
  'at-signs': fill('a@'),
  'email near-misses': fill('abc@def.'),
  'digit runs': fill('123456789012345678901234a '),
  'IBAN-like groups': fill('DE89 3704 '),
  'angle brackets': fill('<'),
  'comment openers': fill('<!--'),
  'base64-like words': fill(`${'QUJD'.repeat(25)} `),
  'override words': fill('ignore the previous '),
  prose: fill('Hi, my blender (order ord_1001) arrived cracked on 2024-03-15. Call +44 20 7946 0958. '),
};

function worst(scan: (text: string) => unknown): { ms: number; input: string } {
  let out = { ms: 0, input: '' };
  for (const [input, text] of Object.entries(ADVERSARIAL)) {
    const t0 = performance.now();
    scan(text);
    const ms = performance.now() - t0;
    if (ms > out.ms) out = { ms, input };
  }
  return out;
}

function linearBaseline(): number {
  const t0 = performance.now();
  for (const text of Object.values(ADVERSARIAL)) text.match(/\d/g);
  return (performance.now() - t0) / Object.keys(ADVERSARIAL).length;
}

function scanRow(name: string, scan: (text: string) => unknown, baselineMs: number): BenchResult {
  const w = worst(scan);
  return {
    name: `${name} (worst: ${w.input})`,
    value: `${w.ms.toFixed(0)} ms/MB`,
    baseline: `${baselineMs.toFixed(1)} ms/MB one linear regex pass`,
    ratio: w.ms / 1000,
    goal: '≤ 1 s per MB (ratio ≤ 1.0 of goal)',
    ok: w.ms <= 1000,
  };
}

function chain(n: number, expression: string) {
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  return {
    specVersion: 1,
    id: 'chain',
    name: 'Chain',
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      ...ids.map((id) => ({ id, type: 'transform', name: id, config: { expression } })),
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: ['start', ...ids].map((id, i) => ({ id: `e${i}`, source: id, target: ids[i] ?? 'end' })),
  };
}

async function perStep(sandbox: WorkerSandbox, expression: string, n: number): Promise<number> {
  const engine = new Engine({
    store: new MemoryCheckpointStore(),
    registry: builtinRegistry(),
    http: noHttp,
    llm: noLlm,
    secrets: mapSecrets({}),
    clock: systemClock,
    random: systemRandom,
    sandbox,
  });
  await engine.start(chain(20, expression), { n: 1 }); // warm: worker started, code compiled
  const t0 = performance.now();
  const out = await engine.start(chain(n, expression), { n: 1 });
  if (out.status !== 'completed') throw new Error(`bench chain ${out.status}: ${out.error?.message}`);
  return ((performance.now() - t0) * 1000) / n;
}

async function expressionCost(): Promise<BenchResult> {
  const sandbox = new WorkerSandbox({ workers: 1 });
  try {
    const cheap = await perStep(sandbox, 'input.n + 1', 500);
    const sandboxed = await perStep(sandbox, '$number(input.n) + 1', 500);
    return {
      name: 'transform step, cheap expression in-process',
      value: `${cheap.toFixed(0)} µs/step`,
      baseline: `${sandboxed.toFixed(0)} µs/step via the sandbox worker`,
      ratio: cheap / sandboxed,
      goal: '(context: the fast path skips the worker round-trip)',
      ok: true,
    };
  } finally {
    await sandbox.close();
  }
}

export default async function benchGuardrails(): Promise<BenchResult[]> {
  const base = linearBaseline();
  const rows = [
    scanRow('PII detection, all kinds, 1 MB', (t) => findPii(t), base),
    scanRow('injection screening, all rules and views, 1 MB', (t) => findInjection(t), base),
    scanRow('learned injection model alone, 1 MB', (t) => injectionScore(t), base),
    await expressionCost(),
  ];
  printTable('Bounded evaluation (ratios against goals and baselines measured in this run)', rows);
  return rows;
}
