/**
 * Message content in spans: off by default; when on, redacted before it leaves the process.
 *
 * Two redactions apply, both the engine's own:
 * - secret values never reach this module: the engine's run redactor (engine/redact.ts)
 *   scrubs every event before it is committed, and spans are built from committed events
 *   (live or read back from the store), so a secret shows as `[secret:NAME]`;
 * - personal data (emails, card numbers, IBANs, phone numbers, national ids…) is replaced by
 *   `[redacted:<kind>]` with the guardrails' linear-time detector (engine/guardrails/pii.ts).
 *
 * Each value is then cut to `maxChars` (a collector refuses or truncates huge attributes
 * anyway; cutting here keeps the export queue's memory bounded).
 */
import { findPii, redactPii } from '../engine/guardrails/pii';
import type { ChatMessage } from '../engine/ports';

/** Default cap of one content attribute, in characters. */
export const DEFAULT_CONTENT_MAX_CHARS = 16_000;

export class ContentPolicy {
  constructor(
    /** Whether message content, step outputs and run input/output are recorded at all. */
    readonly capture: boolean,
    readonly maxChars: number = DEFAULT_CONTENT_MAX_CHARS,
  ) {}

  /** `text` with personal data redacted and cut to the cap (marked with `…[truncated]`). */
  text(text: string): string {
    // Scan a bounded prefix: the cap applies afterwards anyway, and the scan stays cheap.
    const head = text.length > this.maxChars * 2 ? text.slice(0, this.maxChars * 2) : text;
    const redacted = redactPii(head, findPii(head));
    return redacted.length > this.maxChars || head.length < text.length
      ? `${redacted.slice(0, this.maxChars)}…[truncated]`
      : redacted;
  }

  /** Any JSON value as redacted JSON text (each string redacted, then the whole cut to the cap). */
  json(value: unknown): string {
    const seen = new WeakSet<object>();
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return redactPii(v, findPii(v));
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = walk(x);
        return out;
      }
      return v;
    };
    let text: string;
    try {
      text = JSON.stringify(walk(value)) ?? 'null';
    } catch {
      text = '"[unserializable]"';
    }
    return text.length > this.maxChars ? `${text.slice(0, this.maxChars)}…[truncated]` : text;
  }

  /**
   * The GenAI conventions' message attributes for a chat request: system instructions apart,
   * the rest as `{ role, parts: [{ type: 'text', content }] }`.
   */
  chatInput(messages: readonly ChatMessage[]): { system?: string; input: string } {
    const system = messages.filter((m) => m.role === 'system');
    const chat = messages.filter((m) => m.role !== 'system');
    const parts = (m: ChatMessage) => [{ type: 'text', content: this.text(m.content) }];
    return {
      ...(system.length ? { system: this.cap(JSON.stringify(system.map((m) => parts(m)[0]))) } : {}),
      input: this.cap(JSON.stringify(chat.map((m) => ({ role: m.role, parts: parts(m) })))),
    };
  }

  /** The output messages attribute for a model's reply. */
  chatOutput(text: string, finishReason: string | undefined): string {
    return this.cap(
      JSON.stringify([
        {
          role: 'assistant',
          parts: [{ type: 'text', content: this.text(text) }],
          ...(finishReason ? { finish_reason: finishReason } : {}),
        },
      ]),
    );
  }

  private cap(text: string): string {
    return text.length > this.maxChars * 4 ? `${text.slice(0, this.maxChars * 4)}…[truncated]` : text;
  }
}
