import type { Command } from 'commander';
import { policyReport, type EffectivePolicy, type PolicyDecision } from '../../../shared/policy';
import { belowFloorWarning } from '../../../shared/spec/validate-policy';
import { loadSpecText } from '../../../shared/spec/load';
import { formatProblem } from '../../../shared/spec/problems';
import type { Budget } from '../../../shared/spec/schema';
import { builtinRegistry } from '../../engine/nodes';
import { CliError, EXIT } from '../exit-codes';
import { table } from '../format';
import { readTextFile } from '../io';
import { globalOptions } from '../session';

const VERDICT: Record<PolicyDecision, string> = {
  allow: 'unattended',
  approval: 'needs approval',
  forbid: 'forbidden',
};

function verdict(p: EffectivePolicy): string {
  return p.call === null ? '— (no call)' : VERDICT[p.decision];
}

function budgetText(b: Budget | undefined): string {
  if (!b) return 'no budget';
  const parts = [
    b.maxCostUsd !== undefined ? `$${b.maxCostUsd}` : '',
    b.maxTokens !== undefined ? `${b.maxTokens} tokens` : '',
    b.maxLlmCalls !== undefined ? `${b.maxLlmCalls} LLM calls` : '',
    b.maxSteps !== undefined ? `${b.maxSteps} steps` : '',
    b.maxWallTimeMs !== undefined ? `${b.maxWallTimeMs} ms` : '',
  ].filter(Boolean);
  return parts.length ? `at most ${parts.join(', ')} per run` : 'no budget';
}

/** `waymark policy <spec>`: per node, what it may do unattended and why. */
export function registerPolicy(program: Command): void {
  program
    .command('policy')
    .description('show, per node, what it may do unattended and why (zone, risk class, rule)')
    .argument('<spec>', 'path to a *.waymark.json file')
    .action((file: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const registry = builtinRegistry();
      const loaded = loadSpecText(readTextFile(file, 'spec'), registry);
      if (!loaded.spec) {
        for (const p of loaded.problems) process.stderr.write(`${file}: ${formatProblem(p)}\n`);
        throw new CliError(`${file} is not a readable spec; fix the problems above`, EXIT.invalid);
      }
      const spec = loaded.spec;
      const report = policyReport(spec, registry);
      // A declaration below what a call's method does: the method's floor is what applies.
      const warnings = report.flatMap((p, i) =>
        p.belowFloor ? [belowFloorWarning(spec.nodes[i] as { id: string; name: string }, i, p, p.belowFloor)] : [],
      );
      if (opts.json) {
        const zones = spec.zones.map((z) => ({ id: z.id, name: z.name, policy: z.policy }));
        process.stdout.write(`${JSON.stringify({ file, nodes: report, zones, warnings }, null, 2)}\n`);
        return;
      }
      const rows = report.map((p) => {
        const node = spec.nodes.find((n) => n.id === p.nodeId);
        return [p.nodeId, node?.type ?? '?', p.zone ?? '(default)', p.riskClass ?? '—', verdict(p), p.rule];
      });
      process.stdout.write(`${table(['NODE', 'TYPE', 'ZONE', 'RISK', 'UNATTENDED?', 'WHY'], rows)}\n`);
      for (const w of warnings) process.stderr.write(`${file}: ${formatProblem(w)}\n`);
      process.stdout.write(
        '\ndefault policy (outside every zone): read and draft run unattended; everything else needs approval\n',
      );
      for (const z of spec.zones) {
        const p = z.policy;
        const a = p.approvals;
        process.stdout.write(
          `zone ${z.id}: unattended [${p.unattended.join(', ')}] · approval [${p.approval.join(', ')}] · forbidden [${p.forbidden.join(', ')}] · unlisted need approval` +
            `${p.connectors ? ` · connectors [${p.connectors.join(', ')}]` : ''}${p.secrets ? ` · secrets [${p.secrets.join(', ')}]` : ''} · ${budgetText(p.budget)}` +
            `${a ? ` · approvers ${a.approvers?.length ? a.approvers.join(', ') : 'anyone'}${a.timeoutMs ? `, timeout ${a.timeoutMs} ms → ${a.onTimeout ?? 'reject'}${a.escalateTo?.length ? ` to ${a.escalateTo.join(', ')}` : ''}` : ''}` : ''}\n`,
        );
      }
    });
}
