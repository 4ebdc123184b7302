/**
 * The `wait` node: parks the run durably until a time, a webhook call, a named signal or a
 * form answer — each with a required timeout and a `timeout` port; whatever woke it is its
 * output. This file is its description plus the time arithmetic both the validator and the
 * engine need (durations, ISO instants, the next occurrence of a cron schedule in an IANA
 * time zone, with Intl only); src-main/engine/nodes/wait.ts adds `run()`.
 */
import { z } from 'zod';
import type { NodeDescription, NodeIssue } from './types';

export const WAIT_MODES = ['timer', 'webhook', 'signal', 'form'] as const;
export type WaitMode = (typeof WAIT_MODES)[number];

/** The webhook methods a wait can take. */
export const HOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET'] as const;

const Config = z
  .object({
    mode: z.enum(WAIT_MODES).describe('What ends the wait'),
    duration: z.string().optional().describe('timer: how long, e.g. "10m", "1h30m", "PT10M", "P1D"'),
    at: z.string().optional().describe('timer: an ISO-8601 instant, e.g. "2026-12-24T09:00:00Z"'),
    cron: z.string().optional().describe('timer: the next time a cron schedule fires, e.g. "0 9 * * 1"'),
    timeZone: z.string().optional().describe('timer: the IANA time zone of the cron schedule (default UTC)'),
    method: z.enum(HOOK_METHODS).optional().describe('webhook: the HTTP method callers use (default POST)'),
    bodySchema: z.record(z.string(), z.unknown()).optional().describe('webhook: JSON Schema the body must match'),
    replyStatus: z.number().int().min(200).max(299).optional().describe('webhook: the status answered (default 202)'),
    replyBody: z.string().max(10_000).optional().describe('webhook: the body answered (template)'),
    signal: z.string().optional().describe('signal: the name of the signal'),
    match: z.string().optional().describe('signal: JSONata over payload and input that must be true'),
    correlate: z.record(z.string(), z.string()).optional().describe('signal: keys to address it by (templates)'),
    message: z.string().optional().describe('form: what the person is asked (template)'),
    formSchema: z.record(z.string(), z.unknown()).optional().describe('form: JSON Schema of the answer'),
    approvers: z.array(z.string().min(1)).optional().describe('form: who may answer (anyone when empty)'),
    timeoutMs: z.number().int().positive().describe('How long to wait at most; then the timeout port'),
  })
  .strict();
export type WaitConfig = z.infer<typeof Config>;

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { w: 7 * 1440 * MINUTE, d: 1440 * MINUTE, h: 60 * MINUTE, m: MINUTE, s: 1000 };

/**
 * Milliseconds in a duration: ISO-8601 (`PT10M`, `P1DT2H`, `P2W`; no years or months, whose
 * length varies) or short (`10m`, `1h30m`, `90s`, `2d`, `1w`). Undefined when unreadable.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, w, d, h, m, s] = iso;
    const ms =
      Number(w ?? 0) * UNIT_MS.w! +
      Number(d ?? 0) * UNIT_MS.d! +
      Number(h ?? 0) * UNIT_MS.h! +
      Number(m ?? 0) * UNIT_MS.m! +
      Math.round(Number(s ?? 0) * 1000);
    return ms > 0 ? ms : undefined;
  }
  if (!/^(\d+\s*[wdhms]\s*)+$/i.test(t)) return undefined;
  let ms = 0;
  for (const [, n, u] of t.matchAll(/(\d+)\s*([wdhms])/gi)) ms += Number(n) * UNIT_MS[(u as string).toLowerCase()]!;
  return ms > 0 ? ms : undefined;
}

/** Epoch ms of an ISO-8601 instant with a date, a time and a zone (`Z` or an offset); undefined otherwise. */
export function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text.trim())) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

const CRON_RANGES: Array<[string, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
];

/** A 5-field cron schedule (`*`, lists, ranges, steps; day of week 0–7, 0 and 7 Sunday), or the problem with it. */
export function parseCron(text: string): CronFields | string {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5)
    return `a cron schedule has 5 fields (minute hour day month weekday), "${text}" has ${parts.length}`;
  const sets: Set<number>[] = [];
  for (const [i, part] of parts.entries()) {
    const [name, lo, hi] = CRON_RANGES[i]!;
    const set = new Set<number>();
    for (const item of part.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `the ${name} field "${part}" is not a number, range, list or step`;
      const from = m[1] === '*' ? lo : Number(m[2]);
      const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? hi : from;
      const step = m[4] !== undefined ? Number(m[4]) : 1;
      if (from < lo || to > hi || from > to || step < 1) return `the ${name} field "${part}" is outside ${lo}–${hi}`;
      for (let v = from; v <= to; v += step) set.add(v);
    }
    sets.push(set);
  }
  const [minute, hour, dom, month, dow] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (dow.has(7)) dow.add(0);
  return { minute, hour, dom, month, dow, domAny: parts[2] === '*', dowAny: parts[4] === '*' };
}

/** The wall-clock fields of instant `t` in `zone`. */
function wallClock(fmt: Intl.DateTimeFormat, t: number): { y: number; mo: number; d: number; h: number; mi: number } {
  const f: Record<string, number> = {};
  for (const p of fmt.formatToParts(t)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return { y: f.year!, mo: f.month!, d: f.day!, h: f.hour! % 24, mi: f.minute! };
}

/**
 * The first instant after `after` (epoch ms) at which `cron` fires, read in `zone`; wall
 * times a daylight-saving change skips do not occur. Undefined when it never fires within
 * five years (e.g. 31 February).
 */
export function nextCronTime(cron: string, zone: string, after: number): number | undefined {
  const c = parseCron(cron);
  if (typeof c === 'string') return undefined;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const start = wallClock(fmt, after);
  const hours = [...c.hour].sort((a, b) => a - b);
  const minutes = [...c.minute].sort((a, b) => a - b);
  for (let i = 0; i < 5 * 366; i++) {
    const day = new Date(Date.UTC(start.y, start.mo - 1, start.d + i));
    const y = day.getUTCFullYear();
    const mo = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (!c.month.has(mo)) continue;
    const domOk = c.dom.has(d);
    const dowOk = c.dow.has(day.getUTCDay());
    // Cron's rule: with both day fields restricted, either may match.
    if (!(c.domAny && c.dowAny) && !(c.domAny ? dowOk : c.dowAny ? domOk : domOk || dowOk)) continue;
    for (const h of hours)
      for (const mi of minutes) {
        const wall = Date.UTC(y, mo - 1, d, h, mi);
        // The zone's offset near that wall time, applied twice to settle across a change.
        let t = wall;
        for (let k = 0; k < 2; k++) {
          const w = wallClock(fmt, t);
          t = wall - (Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - t);
        }
        const back = wallClock(fmt, t);
        if (back.h !== h || back.mi !== mi || back.d !== d) continue; // skipped by a clock change
        if (t > after) return t;
      }
  }
  return undefined;
}

/** When a timer wait set at `now` wakes (before its timeout), or the problem with its config. */
export function timerWakeAt(c: WaitConfig, now: number): number | string {
  const set = [c.duration, c.at, c.cron].filter((v) => v !== undefined && v !== '').length;
  if (set !== 1) return 'set exactly one of "Duration", "At" or "Cron schedule"';
  if (c.duration) {
    const ms = parseDuration(c.duration);
    return ms === undefined ? `"${c.duration}" is not a duration` : now + ms;
  }
  if (c.at) {
    const at = parseInstant(c.at);
    return at === undefined ? `"${c.at}" is not an ISO-8601 instant with a time zone` : at;
  }
  const zone = c.timeZone ?? 'UTC';
  if (!isTimeZone(zone)) return `"${zone}" is not an IANA time zone`;
  const parsed = parseCron(c.cron as string);
  if (typeof parsed === 'string') return parsed;
  return nextCronTime(c.cron as string, zone, now) ?? `the schedule "${c.cron}" never fires`;
}

const issue = (code: string, path: string, message: string, hint: string): NodeIssue => ({
  severity: 'error',
  code: `wait.${code}`,
  path: [path],
  message,
  hint,
});

/** Cross-field rules: what each mode needs. */
function check(c: WaitConfig): NodeIssue[] {
  const out: NodeIssue[] = [];
  if (c.mode === 'timer') {
    const set = [c.duration, c.at, c.cron].filter((v) => v !== undefined && v !== '').length;
    if (set !== 1)
      out.push(
        issue(
          'timer',
          'duration',
          'A timer needs exactly one of a duration, an instant or a cron schedule.',
          'Fill in one of "Duration", "At" or "Cron schedule" and clear the others.',
        ),
      );
    if (c.duration && parseDuration(c.duration) === undefined)
      out.push(
        issue(
          'duration',
          'duration',
          `"${c.duration}" is not a duration.`,
          'Write it like "10m", "1h30m", "2d" or "PT10M".',
        ),
      );
    if (c.at && parseInstant(c.at) === undefined)
      out.push(
        issue(
          'at',
          'at',
          `"${c.at}" is not an ISO-8601 instant with a time zone.`,
          'Write it like "2026-12-24T09:00:00Z" or "2026-12-24T09:00:00+01:00".',
        ),
      );
    if (c.cron) {
      const p = parseCron(c.cron);
      if (typeof p === 'string')
        out.push(
          issue(
            'cron',
            'cron',
            `The cron schedule is invalid: ${p}.`,
            'Write five fields, e.g. "0 9 * * 1" for Mondays at 09:00.',
          ),
        );
    }
    if (c.timeZone && !isTimeZone(c.timeZone))
      out.push(
        issue(
          'time-zone',
          'timeZone',
          `"${c.timeZone}" is not an IANA time zone.`,
          'Use a name like "Europe/Berlin" or "America/New_York".',
        ),
      );
  }
  if (c.mode === 'signal' && !c.signal)
    out.push(
      issue('signal', 'signal', 'A signal wait needs the name of the signal.', 'Fill in "Signal", e.g. "order.ready".'),
    );
  if (c.mode === 'form' && !c.formSchema)
    out.push(
      issue(
        'form',
        'formSchema',
        'A form wait needs the JSON Schema of its answer.',
        'Fill in "Form schema", e.g. {"type":"object","properties":{"ok":{"type":"boolean"}}}.',
      ),
    );
  return out;
}

/** Parks the run until a time, a webhook call, a signal or a form answer; then continues by `next` (or `timeout`). */
export const waitNode: NodeDescription<WaitConfig> = {
  type: 'wait',
  version: 1,
  title: 'Wait',
  category: 'flow',
  icon: '⏳',
  description:
    'Pause the run durably until a time, a webhook call, a signal or a form answer (survives restarts; no process holds it).',
  ports: [{ kind: 'next' }, { kind: 'branch', name: 'timeout' }],
  params: [
    {
      key: 'mode',
      label: 'Wait for',
      kind: 'select',
      required: true,
      options: [
        { value: 'timer', label: 'A time' },
        { value: 'webhook', label: 'A webhook call' },
        { value: 'signal', label: 'A signal' },
        { value: 'form', label: 'A form answer' },
      ],
    },
    { key: 'duration', label: 'Duration', kind: 'text', placeholder: '10m, 1h30m, PT10M', help: 'Timer: how long' },
    { key: 'at', label: 'At', kind: 'text', placeholder: '2026-12-24T09:00:00Z', help: 'Timer: an instant' },
    { key: 'cron', label: 'Cron schedule', kind: 'text', placeholder: '0 9 * * 1', help: 'Timer: next occurrence' },
    { key: 'timeZone', label: 'Time zone', kind: 'text', placeholder: 'Europe/Berlin', help: 'Of the cron schedule' },
    {
      key: 'method',
      label: 'Method',
      kind: 'select',
      options: HOOK_METHODS.map((m) => ({ value: m, label: m })),
      help: 'Webhook: the method callers use',
    },
    { key: 'bodySchema', label: 'Body schema', kind: 'jsonSchema', help: 'Webhook: what the body must match' },
    { key: 'replyStatus', label: 'Reply status', kind: 'number', min: 200, max: 299, help: 'Webhook: default 202' },
    { key: 'replyBody', label: 'Reply body', kind: 'template', help: 'Webhook: what the caller is answered' },
    { key: 'signal', label: 'Signal', kind: 'text', placeholder: 'order.ready', help: 'Signal: its name' },
    {
      key: 'match',
      label: 'Match',
      kind: 'expression',
      help: 'Signal: must be true, e.g. payload.orderId = input.orderId',
    },
    { key: 'correlate', label: 'Correlation keys', kind: 'keyValue', help: 'Signal: keys to address it by' },
    { key: 'message', label: 'Question', kind: 'template', help: 'Form: what the person is asked' },
    { key: 'formSchema', label: 'Form schema', kind: 'jsonSchema', help: 'Form: the answer’s JSON Schema' },
    { key: 'approvers', label: 'Who may answer', kind: 'stringList', help: 'Form: anyone when empty' },
    {
      key: 'timeoutMs',
      label: 'Timeout',
      kind: 'duration',
      required: true,
      min: 1,
      help: 'The longest the run waits; then it continues by the timeout port',
    },
  ],
  configSchema: Config,
  defaults: { mode: 'timer', duration: '10m', timeoutMs: 24 * 3600_000 },
  effect: 'pure',
  waits: [
    { state: 'timer', resolves: 'time', label: 'Sleeping until a time' },
    { state: 'webhook', resolves: 'event', label: 'Waiting for a webhook call' },
    { state: 'signal', resolves: 'event', label: 'Waiting for a signal' },
    { state: 'form', resolves: 'decision', label: 'Waiting for a form answer', timeoutRuleInConfig: true },
  ],
  validate: (c) => check(c),
  summary: (c) =>
    c.mode === 'timer'
      ? `sleep ${c.duration ?? (c.at ? `until ${c.at}` : c.cron ? `until ${c.cron}${c.timeZone ? ` (${c.timeZone})` : ''}` : '…')}`
      : c.mode === 'webhook'
        ? `webhook ${c.method ?? 'POST'}`
        : c.mode === 'signal'
          ? `signal ${c.signal ?? '…'}`
          : 'form answer',
};
