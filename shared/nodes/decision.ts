import { z } from 'zod';
import type { NodeDescription } from './types';

const Rule = z
  .object({
    when: z.string().min(1).describe('JSONata condition over {input, nodes, prev}'),
    branch: z.string().min(1).max(64),
    label: z.string().optional().describe('Why this rule exists, recorded in the rationale'),
  })
  .strict();

const Config = z
  .object({
    rules: z.array(Rule).min(1, 'a decision needs at least one rule'),
    defaultBranch: z.string().min(1).max(64).describe('Branch taken when no rule matches'),
  })
  .strict();

/** Ordered rules over state pick a named branch; the rule that fired is the rationale. */
export const decisionNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'decision',
  version: 1,
  title: 'Decision',
  category: 'logic',
  icon: '◇',
  description: 'Route by ordered rules; the first rule that holds picks the branch.',
  ports: [{ kind: 'branches', from: 'rules.*.branch' }, { kind: 'branches', from: 'defaultBranch' }, { kind: 'error' }],
  params: [
    { key: 'rules', label: 'Rules', kind: 'rules', required: true, help: 'Checked in order; the first true one wins' },
    { key: 'defaultBranch', label: 'Default branch', kind: 'text', required: true },
  ],
  configSchema: Config,
  defaults: { rules: [{ when: 'true', branch: 'yes' }], defaultBranch: 'no' },
  effect: 'pure',
  summary: (c) =>
    `${(c.rules ?? []).length} rule(s) → ${[...new Set((c.rules ?? []).map((r) => r.branch))].join(' / ')} / ${c.defaultBranch}`,
};
