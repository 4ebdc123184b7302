import { z } from 'zod';
import type { NodeDescription, NodeIssue } from './types';

const Config = z
  .object({
    message: z.string().min(1).describe('What the approver is asked (template)'),
    payload: z.string().optional().describe('JSONata producing the exact action to approve; approvers may edit it'),
    payloadSchema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema an edited payload must satisfy'),
    approvers: z.array(z.string().min(1)).optional().describe('Who may decide (anyone when empty)'),
    timeoutMs: z.number().int().positive().optional().describe('How long to wait before the timeout action'),
    onTimeout: z.enum(['reject', 'escalate', 'branch']).optional(),
    escalateTo: z.array(z.string().min(1)).optional(),
    timeoutBranch: z.string().optional(),
  })
  .strict();

/** Pauses the run durably until a human approves, rejects, or edits and approves. */
export const approvalNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'approval',
  version: 1,
  title: 'Approval',
  category: 'human',
  icon: '✋',
  description: 'Wait for a human decision. Approve, reject, or edit the payload and approve.',
  ports: [
    { kind: 'branch', name: 'approved' },
    { kind: 'branch', name: 'rejected' },
    { kind: 'branches', from: 'timeoutBranch', when: { param: 'onTimeout', equals: 'branch' } },
  ],
  params: [
    { key: 'message', label: 'Message', kind: 'template', required: true },
    {
      key: 'payload',
      label: 'Payload',
      kind: 'expression',
      help: 'The structured action the approver sees and may edit',
    },
    { key: 'payloadSchema', label: 'Payload schema', kind: 'jsonSchema' },
    { key: 'approvers', label: 'Approvers', kind: 'stringList' },
    {
      key: 'timeoutMs',
      label: 'Timeout',
      kind: 'duration',
      min: 1,
      help: 'How long the gate waits for a decision before "At timeout" applies',
    },
    {
      key: 'onTimeout',
      label: 'At timeout',
      kind: 'select',
      options: [
        { value: 'reject', label: 'Reject' },
        { value: 'escalate', label: 'Escalate' },
        { value: 'branch', label: 'Take a branch' },
      ],
    },
    { key: 'escalateTo', label: 'Escalate to', kind: 'stringList' },
    { key: 'timeoutBranch', label: 'Timeout branch', kind: 'text' },
  ],
  configSchema: Config,
  defaults: { message: 'Approve this action?' },
  effect: 'pure',
  waits: [{ state: 'approval', resolves: 'decision', label: 'Waiting for approval', timeoutRuleInConfig: true }],
  validate: (c) => {
    const issues: NodeIssue[] = [];
    if (c.onTimeout && c.timeoutMs === undefined)
      issues.push({
        severity: 'error',
        code: 'approval.timeout',
        path: ['timeoutMs'],
        message: '"At timeout" is set, but there is no timeout.',
        hint: 'Set how long to wait, or clear "At timeout".',
      });
    if (c.onTimeout === 'escalate' && !c.escalateTo?.length)
      issues.push({
        severity: 'error',
        code: 'approval.escalate',
        path: ['escalateTo'],
        message: 'Escalating at timeout needs someone to escalate to.',
        hint: 'Add at least one name under "Escalate to".',
      });
    if (c.onTimeout === 'branch' && !c.timeoutBranch)
      issues.push({
        severity: 'error',
        code: 'approval.branch',
        path: ['timeoutBranch'],
        message: 'Taking a branch at timeout needs the branch name.',
        hint: 'Fill in "Timeout branch".',
      });
    // With "At timeout" set, the missing timeout is already an error above.
    if (c.timeoutMs === undefined && c.onTimeout === undefined)
      issues.push({
        severity: 'warning',
        code: 'approval.no-timeout',
        path: ['timeoutMs'],
        message: 'This approval has no timeout, so a run can wait for it forever.',
        hint: 'Set a timeout and what happens then: reject, escalate or take a branch.',
      });
    return issues;
  },
  summary: (c) => (c.approvers?.length ? `approvers: ${c.approvers.join(', ')}` : 'any approver'),
};
