/**
 * Prompt-injection heuristics: patterns that text written *for* a model tends to have and
 * text written by customers, suppliers and APIs tends not to. They are signals, not proof:
 * a determined attacker can phrase around any list, and the engine never lets a detector
 * approve anything — a risky call still needs its zone or a human (docs/guardrails.md).
 *
 * Severity: `high` for patterns with almost no innocent use (chat-template tokens, hidden
 * characters, "ignore previous instructions"), `medium` for ones that need a human to look
 * (role-play openers, hidden HTML), `low` for weak hints (long encoded blobs), which are
 * recorded but never block.
 */

export type Severity = 'low' | 'medium' | 'high';

export const INJECTION_KINDS = [
  'instruction-override',
  'prompt-leak',
  'role-play',
  'jailbreak',
  'role-marker',
  'hidden-text',
  'tool-call',
  'exfiltration',
  'encoded-payload',
] as const;
export type InjectionKind = (typeof INJECTION_KINDS)[number];

/** One suspicious span in a string: [start, end). */
export interface InjectionMatch {
  kind: InjectionKind;
  start: number;
  end: number;
  severity: Severity;
  message: string;
}

interface Rule {
  kind: InjectionKind;
  severity: Severity;
  pattern: RegExp;
  message: string;
}

// Word gaps are bounded ({0,40}) so a rule never spans sentences of unrelated text.
const RULES: readonly Rule[] = [
  {
    kind: 'instruction-override',
    severity: 'high',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those|system)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|constraints|policies|context)\b/gi,
    message: 'tells the model to ignore its instructions',
  },
  {
    kind: 'instruction-override',
    severity: 'high',
    pattern: /\b(?:new|updated|real|actual)\s+(?:instructions|system prompt|rules)\s*:/gi,
    message: 'announces replacement instructions',
  },
  {
    kind: 'prompt-leak',
    severity: 'high',
    pattern:
      /\b(?:reveal|print|show|repeat|output|dump|leak|tell me)\b[^.\n]{0,30}?\b(?:system|hidden|initial|original|secret)\s+(?:prompt|instructions|message|rules)\b/gi,
    message: 'asks the model to reveal its instructions',
  },
  {
    kind: 'role-play',
    severity: 'medium',
    // A role opener followed, within three words, by a role noun: "you are now eligible" is not a role.
    pattern:
      /\b(?:you are now|from now on,? you(?: are|'re| will(?: be)?)|you must now act as|pretend (?:to be|you are|that you are)|act as|role-?play as)\s+(?:[\w'-]+\s+){0,3}?(?:assistant|bot|ai|model|agent|character|persona|gpt|dan|hacker|admin(?:istrator)?|\w*(?:bot|gpt))\b/gi,
    message: 'tries to give the model a new role',
  },
  {
    kind: 'jailbreak',
    severity: 'high',
    pattern:
      /\b(?:DAN mode|do anything now|developer mode|jailbreak(?:ed)?|god mode|without (?:any )?(?:restrictions|filters|limitations)|no (?:ethical|content) (?:guidelines|filters|restrictions))\b/gi,
    message: 'uses a known jailbreak phrase',
  },
  {
    kind: 'role-marker',
    severity: 'high',
    pattern:
      /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|instruction)s?\b/gim,
    message: 'contains chat-template control tokens',
  },
  {
    kind: 'role-marker',
    severity: 'medium',
    pattern: /^\s*(?:system|assistant)\s*:/gim,
    message: 'starts a line as if it were a system or assistant turn',
  },
  {
    kind: 'hidden-text',
    severity: 'high',
    // Zero-width characters, bidirectional overrides and Unicode tag characters (used to smuggle invisible ASCII).
    pattern: /[\u200B-\u200D\u2060\u2062-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]|\uDB40[\uDC00-\uDC7F]/g,
    message: 'contains invisible or direction-changing characters',
  },
  {
    kind: 'hidden-text',
    severity: 'medium',
    pattern:
      /<[^>]{0,200}style\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|color\s*:\s*(?:white|#fff(?:fff)?\b|transparent))[^>]*>|<!--[\s\S]{0,500}?-->/gi,
    message: 'contains hidden HTML text',
  },
  {
    kind: 'tool-call',
    severity: 'high',
    pattern:
      /"(?:tool_calls?|function_call|tool_use|tool_name)"\s*:|<\/?(?:tool_call|function_calls?|invoke|tool_use)\b|\{\s*"(?:name|tool|function)"\s*:\s*"[^"]{1,80}"\s*,\s*"(?:arguments|parameters|input|args)"\s*:/gi,
    message: 'contains what looks like a tool call',
  },
  {
    kind: 'exfiltration',
    severity: 'medium',
    pattern: /!\[[^\]]{0,100}\]\(\s*https?:\/\/[^)\s]+\?[^)\s]*=[^)]*\)/gi,
    message: 'contains a markdown image whose URL could carry data out',
  },
  {
    kind: 'encoded-payload',
    severity: 'low',
    pattern: /[A-Za-z0-9+/]{120,}={0,2}/g,
    message: 'contains a long encoded blob',
  },
];

/** Finds injection signals in `text`, in text order. Hidden characters are reported once per run of them. */
export function findInjection(text: string): InjectionMatch[] {
  const out: InjectionMatch[] = [];
  for (const r of RULES) {
    let last: InjectionMatch | undefined;
    for (const m of text.matchAll(r.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      // Adjacent invisible characters are one smuggled payload, not fifty findings.
      if (last && r.kind === 'hidden-text' && start <= last.end + 1) {
        last.end = end;
        continue;
      }
      last = { kind: r.kind, start, end, severity: r.severity, message: r.message };
      out.push(last);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
