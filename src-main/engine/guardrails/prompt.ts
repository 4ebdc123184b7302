/**
 * The llm node's guardrail hook: screens the rendered user prompt (where run state and
 * therefore customer text and tool output end up) before it is sent. The system prompt is
 * the analyst's own text and is not screened: it legitimately says things like "you are a
 * refund assistant" that an injection heuristic would flag.
 */
import type { EventDraft, GuardrailFinding, GuardrailVerdict } from '../../../shared/events';
import type { LlmGuardrails } from '../../../shared/nodes/guardrail';
import { StepError } from '../errors';
import type { ChatMessage } from '../ports';
import type { ScreenOptions, ScreenResult } from './screen';

const blocksInjection = (f: GuardrailFinding): boolean => f.kind.startsWith('injection.') && f.severity !== 'low';

/** What the hook needs from the node context. */
export interface PromptGuardContext {
  stepIdx: number;
  node: { id: string };
  emit(draft: EventDraft): void;
  /** The step's bounded screen (engine/bounded.ts). */
  screen(value: unknown, options: ScreenOptions, path?: string): Promise<ScreenResult>;
}

/**
 * Returns the messages to send (personal data redacted when asked), after recording a
 * `guardrail.checked` event. `classify` (the node's `injectionClassifier`, when set) is asked
 * about a user message the screen did not block; its finding blocks or is recorded like any other. Throws a non-retryable `guardrail.injection` StepError when
 * injection screening is `block` and a medium or high signal was found.
 */
export async function guardPrompt(
  ctx: PromptGuardContext,
  messages: ChatMessage[],
  settings: LlmGuardrails | undefined,
  classify?: (text: string) => Promise<GuardrailFinding[]>,
): Promise<ChatMessage[]> {
  const injection = settings?.screenInjection ?? 'off';
  const pii = settings?.redactPii ? 'redact' : 'off';
  if (injection === 'off' && pii === 'off') return messages;
  const findings: GuardrailFinding[] = [];
  let redacted = false;
  let blocked = false;
  const out: ChatMessage[] = [];
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'user') {
      out.push(m);
      continue;
    }
    const at = `$.messages[${i}].content`;
    const r = await ctx.screen(m.content, { pii, injection }, at);
    findings.push(...r.findings);
    redacted ||= r.redacted;
    blocked ||= r.blocked;
    // The classifier adds recall where the built-in screen found nothing that blocks (one model call).
    if (classify && injection !== 'off' && !r.findings.some(blocksInjection)) {
      const extra = (await classify(m.content)).map((f) => ({ ...f, path: at }));
      findings.push(...extra);
      if (extra.length && injection === 'block') blocked = true;
    }
    out.push({ ...m, content: r.value as string });
  }
  const verdict: GuardrailVerdict = blocked ? 'flagged' : redacted ? 'redacted' : findings.length ? 'warned' : 'clean';
  ctx.emit({ type: 'guardrail.checked', stepIdx: ctx.stepIdx, nodeId: ctx.node.id, source: 'llm', verdict, findings });
  if (blocked) {
    const kinds = [
      ...new Set(
        findings.filter((f) => f.kind.startsWith('injection.') && f.severity !== 'low').map((f) => f.kind.slice(10)),
      ),
    ];
    throw new StepError({
      code: 'guardrail.injection',
      retryable: false,
      message: `the prompt of "${ctx.node.id}" was not sent: it carries prompt-injection signals (${kinds.join(', ')})`,
      detail: findings,
    });
  }
  return out;
}
