import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CostOptionsSchema, formatUsd, type CostProjection, type CostRange } from '../../../shared/cost';
import { loadSpecText } from '../../../shared/spec/load';
import { formatProblem } from '../../../shared/spec/problems';
import { gptTokenCounter } from '../../connectors/tokenizer';
import { CostInputError, projectSpecCost, type HistoryRun } from '../../engine/cost';
import { builtinRegistry } from '../../engine/nodes';
import { defaultDbPath } from '../../host/runtime';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';
import { readTextFile } from '../io';
import { globalOptions, openSession } from '../session';

/** Most recent runs of the workflow the projection reads. */
const HISTORY_LIMIT = 1000;

const money = formatUsd;

const range = (r: CostRange) => `${money(r.expected)}  (${money(r.low)} – ${money(r.high)})`;
const pct = (v: number) => `${Math.round(v * 100)}%`;
const count = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2));

function printProjection(p: CostProjection, out: (t: string) => void): void {
  const hist = p.history.used
    ? `history: ${p.history.runs} run(s)${p.history.simulated ? `, ${p.history.simulated} simulated` : ''}`
    : 'no history: estimated from the prompts and the edges';
  out(`${p.specName} · ${count(p.volume.perMonth)} runs/month (${p.volume.text}) · ${hist}`);
  out(`per run    ${range(p.perRun)}`);
  out(
    `per month  ${range(p.perMonth)}${p.infraMultiplier !== 1 ? `  (model spend ${money(p.modelPerMonth.expected)} × infrastructure ${p.infraMultiplier})` : ''}`,
  );
  if (p.whatIfs.length) out(`baseline   ${range(p.baselinePerMonth)} a month without the what-ifs`);
  out('');
  if (p.steps.length) {
    out('top cost drivers');
    out(
      table(
        ['STEP', 'MODEL', 'IN p50/p90', 'OUT p50/p90', 'VISITS', 'PER RUN', 'PER MONTH', 'SHARE'],
        p.steps.map((s) => {
          const est = s.tokens.source === 'estimate' ? '≈' : '';
          return [
            `${s.name} (${s.nodeId})`,
            s.model + (s.priceSource === 'none' ? ' (no price)' : ''),
            `${est}${count(s.tokens.input.p50)}/${count(s.tokens.input.p90)}`,
            `${est}${count(s.tokens.output.p50)}/${count(s.tokens.output.p90)}`,
            count(s.visits),
            money(s.perRun.expected),
            money(s.perRun.expected * p.volume.perMonth * p.infraMultiplier),
            pct(s.share),
          ];
        }),
      ),
    );
    out('≈ estimated from the prompt (no recorded model calls)');
    out('');
  }
  if (p.budgets.length) {
    out('zone budgets (per run)');
    out(
      table(
        ['ZONE', 'LIMIT', 'MAX', 'EXPECTED', 'HIGH', 'STATUS'],
        p.budgets.map((b) => [
          b.zoneName,
          b.limit,
          b.limit === 'maxCostUsd' ? money(b.max) : count(b.max),
          b.limit === 'maxCostUsd' ? money(b.expected) : count(b.expected),
          b.limit === 'maxCostUsd' ? money(b.high) : count(b.high),
          b.status,
        ]),
      ),
    );
    out('');
  }
  if (p.whatIfs.length) {
    out('what-ifs (each alone, per month)');
    out(
      table(
        ['WHAT-IF', 'PER MONTH', 'CHANGE'],
        p.whatIfs.map((w) => [w.description, money(w.perMonth), `${w.delta > 0 ? '+' : ''}${money(w.delta)}`]),
      ),
    );
    out('');
  }
  out('cost against volume');
  out(
    table(
      ['RUNS/MONTH', 'LOW', 'EXPECTED', 'HIGH'],
      p.curve.map((c) => [count(Math.round(c.volume)), money(c.low), money(c.expected), money(c.high)]),
    ),
  );
  if (p.notes.length || p.steps.some((s) => s.notes.length)) {
    out('');
    out('notes');
    for (const n of p.notes) out(`  - ${n}`);
    for (const s of p.steps) for (const n of s.notes) out(`  - ${s.name}: ${n}`);
  }
  out(`prices: ${p.prices.source} (${p.prices.asOf}), or the connector's own pricing`);
}

/** `waymark cost <spec> --volume 100000/month`: the cost projection (docs/cost.md). */
export function registerCost(program: Command): void {
  program
    .command('cost')
    .description('project the cost of a workflow to a production volume (range, drivers, budgets, what-ifs)')
    .argument('<spec>', 'path to a *.waymark.json file')
    .requiredOption('--volume <runs>', 'runs per period: 100000/month, 3000/day, 25k/week, 1.2m/year')
    .option('--from-runs', 'token figures and branch shares from the recorded runs (an error when there are none)')
    .option('--estimate', 'ignore the recorded runs: estimate from the prompts and the edge priors only')
    .option(
      '--what-if <change>',
      'step=model, step=model@30%, cache=0.5 or step.cache=50% (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--infra <multiplier>', 'infrastructure multiplier on model spend (pilot to production is typically 5–10)')
    .action(
      async (
        file: string,
        o: { volume: string; fromRuns?: boolean; estimate?: boolean; whatIf?: string[]; infra?: string },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        if (o.fromRuns && o.estimate) throw new CliError('--from-runs and --estimate exclude each other', EXIT.invalid);
        const infra = o.infra === undefined ? 1 : Number(o.infra);
        if (!Number.isFinite(infra) || infra < 1 || infra > 1000)
          throw new CliError(
            `--infra "${o.infra ?? ''}" must be a number from 1 to 1000, like 5 (model spend × 5)`,
            EXIT.invalid,
          );
        const options = CostOptionsSchema.parse({
          volume: o.volume,
          basis: o.fromRuns ? 'history' : o.estimate ? 'estimate' : 'auto',
          whatIf: o.whatIf ?? [],
          infraMultiplier: infra,
        });
        const loaded = loadSpecText(readTextFile(file, 'spec'), builtinRegistry());
        if (!loaded.spec || !loaded.ok) {
          for (const p of loaded.problems) process.stderr.write(`${file}: ${formatProblem(p)}\n`);
          throw new CliError(`${file} is not a valid spec; fix the problems above`, EXIT.invalid);
        }
        const spec = loaded.spec;
        const runs: HistoryRun[] = [];
        const db = opts.db ?? defaultDbPath();
        if (options.basis !== 'estimate' && existsSync(db)) {
          const s = openSession(cmd, false, 'read');
          try {
            for (const r of s.runtime.store.listRuns({ specId: spec.id, limit: HISTORY_LIMIT }))
              runs.push({ simulate: r.simulate, status: r.status, steps: s.runtime.store.getSteps(r.id) });
          } finally {
            s.runtime.close();
          }
        }
        let projection: CostProjection;
        try {
          projection = await projectSpecCost(spec, runs, options, gptTokenCounter);
        } catch (e) {
          if (e instanceof CostInputError) {
            const flag = { volume: '--volume', whatIf: '--what-if', basis: '--from-runs' }[e.field] ?? `--${e.field}`;
            throw new CliError(`${flag}: ${e.message}`, EXIT.invalid);
          }
          throw e;
        }
        const out = (t: string) => process.stdout.write(`${t}\n`);
        if (opts.json) out(JSON.stringify({ file, ...projection }, null, 2));
        else printProjection(projection, out);
        process.exitCode = EXIT.ok;
      },
    );
}
