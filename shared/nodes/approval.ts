import { z } from 'zod';
import type { NodeDescription } from './types';

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
  hasInput: true,
  ports: (c) => [
    { kind: 'branch', name: 'approved' },
    { kind: 'branch', name: 'rejected' },
    ...(c.onTimeout === 'branch' && c.timeoutBranch ? [{ kind: 'branch' as const, name: c.timeoutBranch }] : []),
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
  sideEffect: false,
  expressions: (c) => [
    { key: 'message', path: ['message'], kind: 'template', source: c.message },
    ...(c.payload ? [{ key: 'payload', path: ['payload'], kind: 'expression' as const, source: c.payload }] : []),
  ],
  summary: (c) => (c.approvers?.length ? `approvers: ${c.approvers.join(', ')}` : 'any approver'),
};
