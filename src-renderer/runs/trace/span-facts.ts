/**
 * What the details pane shows for a span, derived from its events: key facts (model,
 * tokens, cost, latency, attempt, port…) and JSON blocks (input, output, prompt, response,
 * error with its cause, decision rationale, policy checks). Pure: the pane only renders it.
 */
import type { EngineEvent } from '../../../shared/events';
import type { Span } from '../model/spans';
import { formatCost, formatMs } from '../model/waterfall';

export interface Fact {
  label: string;
  value: string;
}
export interface Block {
  label: string;
  value: unknown;
}
export interface SpanFacts {
  facts: Fact[];
  blocks: Block[];
  notes: string[];
  /** The step's output (for "Edit output" and fork edits). */
  output?: unknown;
  error?: { code: string; message: string; cause?: unknown };
}

const tokens = (u: { inputTokens: number; outputTokens: number } | undefined) =>
  u ? `${u.inputTokens} in · ${u.outputTokens} out` : '';

export function spanFacts(span: Span, events: readonly EngineEvent[]): SpanFacts {
  const f: SpanFacts = { facts: [], blocks: [], notes: [] };
  // A step aggregates its calls; the step's own figure (set last, by step.completed) wins.
  const fact = (label: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    const at = f.facts.findIndex((x) => x.label === label);
    if (at >= 0) f.facts[at] = { label, value: String(value) };
    else f.facts.push({ label, value: String(value) });
  };
  const own = span.kind === 'run' || span.kind === 'step' ? events : events.filter((e) => e.seq === span.firstSeq);
  for (const e of own) {
    switch (e.type) {
      case 'run.started':
        fact('Workflow', e.specName);
        fact('Mode', e.simulate ? 'simulated (pinned data, no network)' : 'live');
        if (e.parentRunId) fact('Forked from', `${e.parentRunId} @ step ${e.forkedFromStep ?? 0}`);
        f.blocks.push({ label: 'Input', value: e.input });
        break;
      case 'run.finished':
        fact('Status', e.status);
        fact('Duration', formatMs(e.durationMs));
        fact('Tokens', tokens(e.usage));
        fact('Cost', formatCost(e.usage.costUsd));
        if (e.output !== undefined) f.blocks.push({ label: 'Output', value: e.output });
        if (e.error) f.error = { code: e.error.code, message: e.error.message, cause: e.error.detail };
        break;
      case 'step.started':
        fact('Node', `${e.nodeId} (${e.nodeType})`);
        fact('Step', e.stepIdx);
        fact('Idempotency key', e.idempotencyKey);
        break;
      case 'step.completed':
        fact('Port', e.port);
        fact('Latency', formatMs(e.latencyMs));
        fact('Attempts', e.attempts);
        fact('Tokens', tokens(e.usage));
        if (e.usage) fact('Cost', formatCost(e.usage.costUsd));
        if (e.simulated) f.notes.push('Simulated: the pinned output was used, nothing was called.');
        f.output = e.output;
        f.blocks.push({ label: 'Output', value: e.output });
        break;
      case 'step.failed':
        fact('Latency', formatMs(e.latencyMs));
        fact('Attempts', e.attempts);
        fact('Handled', e.handled ? 'yes: the error port took over' : 'no: the run failed');
        f.error = { code: e.error.code, message: e.error.message, cause: e.error.detail };
        break;
      case 'step.retried':
        fact('Attempt', e.attempt);
        fact('Retry after', formatMs(e.delayMs));
        f.error = { code: e.error.code, message: e.error.message, cause: e.error.detail };
        break;
      case 'llm.call':
        fact('Model', `${e.provider} · ${e.model}`);
        fact('Attempt', e.attempt);
        fact('Latency', formatMs(e.latencyMs));
        fact('Tokens', tokens(e.usage));
        if (e.usage) fact('Cost', formatCost(e.usage.costUsd));
        f.blocks.push({ label: 'Prompt', value: e.request });
        if (e.response !== undefined) f.blocks.push({ label: 'Response', value: e.response });
        if (e.error) f.error = { code: e.error.code, message: e.error.message, cause: e.error.detail };
        break;
      case 'http.call':
        fact('Request', `${e.method} ${e.url}`);
        fact('Status', e.status);
        fact('Attempt', e.attempt);
        fact('Latency', formatMs(e.latencyMs));
        fact('Idempotency key', e.idempotencyKey);
        if (e.error) f.error = { code: e.error.code, message: e.error.message, cause: e.error.detail };
        break;
      case 'decision.taken':
        fact('Branch', e.branch);
        fact('Rule', e.rule ?? (e.ruleIndex === null ? 'default branch' : `#${e.ruleIndex}`));
        f.notes.push(`Why: ${e.rationale}`);
        break;
      case 'approval.requested':
        fact('Approval', e.approvalId);
        fact('Reason', e.reason);
        fact('Approvers', e.approvers.length ? e.approvers.join(', ') : 'anyone');
        f.notes.push(e.message);
        f.blocks.push({ label: 'Payload', value: e.payload });
        break;
      case 'approval.resolved':
        fact('Decision', `${e.decision} by ${e.by}`);
        // The account the host recorded the decision under; the name above is what was typed.
        if (e.account) fact('OS account', e.account);
        if (e.comment) fact('Comment', e.comment);
        if (e.edited) f.blocks.push({ label: 'Approved payload (edited)', value: e.payload });
        break;
      case 'policy.checked':
        f.notes.push(
          `Policy ${e.decision} for ${e.call}${e.connector ? ` ${e.connector}` : ''} (${e.riskClass}) in ${e.zone ?? 'no zone'}: ${e.rule}`,
        );
        break;
      case 'guardrail.checked':
        fact('Guardrail', `${e.verdict} (${e.source})`);
        if (e.findings.length) f.blocks.push({ label: 'Findings', value: e.findings });
        break;
      case 'budget.exceeded':
        f.notes.push(`Budget ${e.limit} exceeded in ${e.zone} (${e.phase}): ${e.value} > ${e.max}`);
        break;
      case 'state.edited':
        f.notes.push(`Output edited by ${e.by} at a pause.`);
        f.blocks.push({ label: 'Before edit', value: e.before });
        break;
      case 'secret.accessed':
        fact('Secret', `${e.name} (${e.found ? 'found' : 'missing'}; the value is never recorded)`);
        break;
      default:
        break;
    }
  }
  return f;
}
