/**
 * zod issues in words a person understands. zod's own messages ("Too small: expected string
 * to have >=1 characters", "Invalid option: expected one of "GET"|"POST"") are written for
 * developers; these name the field by its label, say what is wrong with the value that is
 * there, and say how to fix it.
 */
import type { ParamDescriptor } from '../nodes/types';

/** The parts of a zod 4 issue we read (structural, so zod stays an implementation detail). */
export interface ZodIssueLike {
  code?: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  origin?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: readonly unknown[];
  format?: string;
  keys?: readonly string[];
  options?: readonly unknown[];
  discriminator?: string;
  divisor?: number;
}

export interface IssueContext {
  /** The field's label, e.g. "Connector" (capitalised). */
  label: string;
  /** The value found at the issue's path (undefined when missing). */
  value: unknown;
  /** The node parameter the field belongs to, for kind-specific hints. */
  param?: ParamDescriptor;
  /** Field names allowed where an unknown one was found. */
  knownKeys?: readonly string[];
}

export interface IssueText {
  message: string;
  hint: string;
}

/** "text", "a number", … — how a person would call the kind of a JSON value. */
export function kindOfValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'empty (null)';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return 'text';
    case 'number':
      return Number.isInteger(v) ? 'a whole number' : 'a number';
    case 'boolean':
      return 'true/false';
    default:
      return 'an object';
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** `a, b or c`, each quoted when a string. */
export function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : (shown[0] ?? '');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How to fill in a missing or empty field, from what the node description knows about it. */
function fillHint(ctx: IssueContext): string {
  const p = ctx.param;
  if (p?.kind === 'connector') return 'Choose an HTTP connector, or add one under Connectors in the workflow settings.';
  if (p?.kind === 'model') return 'Choose an LLM connector, or add one under Connectors in the workflow settings.';
  if (p?.kind === 'rules') return 'Add a rule.';
  if (p?.kind === 'stringList' || p?.kind === 'keyValue') return 'Add an entry, or remove the field.';
  if (p?.placeholder) return `Fill it in, e.g. ${p.placeholder.replace(/^e\.g\.\s*/, '')}.`;
  if (p?.help && /^(text|textarea|template|expression)$/.test(p.kind))
    return `Fill it in: ${p.help.charAt(0).toLowerCase()}${p.help.slice(1).replace(/\.$/, '')}.`;
  return 'Fill it in.';
}

/** A zod message we wrote ourselves (a `.regex(…, 'message')`), as opposed to zod's default. */
function isOwnMessage(m: string): boolean {
  return !/^(Invalid|Too (small|big)|Expected|Unrecognized|Required)\b/.test(m);
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Our own message as a sentence about the field: "must …" fragments get the label in front. */
function ownSentence(label: string, m: string): string {
  const t = m.trim();
  if (/^(must|is|are|should|needs?|has|use)\b/i.test(t)) return `${label} ${sentence(t)}`;
  return sentence(t.charAt(0).toUpperCase() + t.slice(1));
}

/** Whether a label names several things ("Rules", "Headers"): "are" rather than "is". */
function isPlural(label: string): boolean {
  return /[^su]s$/.test(label) && !/\)$/.test(label);
}

/** Plain words for one zod issue about the field `ctx.label`. */
export function describeIssue(issue: ZodIssueLike, ctx: IssueContext): IssueText {
  const L = ctx.label;
  const v = ctx.value;
  const own = isOwnMessage(issue.message);
  if (own && (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_format'))
    return {
      message: ownSentence(L, issue.message),
      hint: issue.code !== 'too_small' ? 'Change it to match.' : Array.isArray(v) ? 'Add one.' : fillHint(ctx),
    };
  switch (issue.code) {
    case 'invalid_type': {
      if (v === undefined) return { message: `${L} ${isPlural(L) ? 'are' : 'is'} missing.`, hint: fillHint(ctx) };
      const want = EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'something else';
      return { message: `${L} must be ${want}, not ${kindOfValue(v)}.`, hint: `Change it to ${want}.` };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1
          ? { message: `${L} ${isPlural(L) ? 'are' : 'is'} empty.`, hint: fillHint(ctx) }
          : { message: `${L} is too short.`, hint: `Use at least ${plural(min, 'character')}.` };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { message: `${L} needs at least ${plural(min, 'entry', 'entries')}.`, hint: 'Add one.' };
      return {
        message: `${L} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${min} (it is ${String(v)}).`,
        hint: `Use ${issue.inclusive === false ? 'a larger number' : `${min} or more`}.`,
      };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string')
        return { message: `${L} is too long.`, hint: `Shorten it to at most ${plural(max, 'character')}.` };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { message: `${L} has too many entries.`, hint: `Keep at most ${max}.` };
      return {
        message: `${L} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${max} (it is ${String(v)}).`,
        hint: `Use ${issue.inclusive === false ? 'a smaller number' : `${max} or less`}.`,
      };
    }
    case 'invalid_value': {
      const values = issue.values ?? [];
      if (values.length === 1)
        return {
          message: `${L} must be ${oneOf(values)}${v === undefined ? '' : ` (it is ${JSON.stringify(v)})`}.`,
          hint: `Set it to ${oneOf(values)}.`,
        };
      return {
        message: `${L} ${v === undefined ? 'is missing' : `cannot be ${JSON.stringify(v)}`}.`,
        hint: `Choose one of ${oneOf(values)}.`,
      };
    }
    case 'invalid_format': {
      if (issue.format === 'url')
        return { message: `${L} is not a web address.`, hint: 'Use a full URL such as https://api.example.com.' };
      if (issue.format === 'email')
        return { message: `${L} is not an email address.`, hint: 'Use an address like ada@example.com.' };
      return { message: `${L} is not a valid ${issue.format ?? 'value'}.`, hint: 'Correct its format.' };
    }
    case 'not_multiple_of':
      return { message: `${L} must be a multiple of ${issue.divisor}.`, hint: `Use a multiple of ${issue.divisor}.` };
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      const known = ctx.knownKeys?.length ? ` Known here: ${ctx.knownKeys.join(', ')}.` : '';
      return {
        message: `${L} has ${keys.length > 1 ? 'unknown fields' : 'an unknown field'} ${oneOf(keys)}.`,
        hint: `Remove ${keys.length > 1 ? 'them' : 'it'} or check the spelling.${known}`,
      };
    }
    case 'invalid_union':
      if (issue.discriminator && issue.options)
        return {
          message: `${L} must be ${oneOf(issue.options)}${v === undefined ? '' : ` (it is ${JSON.stringify(v)})`}.`,
          hint: `Set it to ${oneOf(issue.options)}.`,
        };
      return { message: `${L} is not in a form Waymark understands.`, hint: 'Compare it with docs/spec.md.' };
    case 'invalid_key':
      return { message: `${L} has a name that is not allowed.`, hint: 'Rename it.' };
    case 'invalid_element':
      return { message: `${L} has an entry that is not valid.`, hint: 'Correct or remove it.' };
    default:
      // Refinements we wrote carry their own words.
      return own
        ? { message: ownSentence(L, issue.message), hint: 'Correct it.' }
        : { message: `${L} is not valid.`, hint: 'Correct it.' };
  }
}

/**
 * ajv's complaint about a broken JSON Schema ("schema is invalid: data/properties/amount/type
 * must be equal to one of the allowed values, …") as one plain clause about the first fault.
 */
export function describeSchemaError(raw: string): string {
  const text = raw.replace(/^invalid JSON Schema: /, '');
  const m = /^schema is invalid: (.*)$/s.exec(text);
  if (!m) return text;
  const first = (m[1] as string).split(/, (?=data\b)/)[0] as string;
  const mm = /^data(\S*) (.*)$/s.exec(first);
  if (!mm) return first;
  const parts = (mm[1] as string)
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = parts.pop();
  let what = (mm[2] as string).replace('must be equal to one of the allowed values', 'has a value that is not allowed');
  if (key === 'type' && /not allowed|must be array/.test(what))
    what = 'must be one of string, number, integer, boolean, object, array or null';
  const under = parts.length ? ` (in ${parts.join(' › ')})` : '';
  return key ? `"${key}"${under} ${what}` : `the schema ${what}`;
}
