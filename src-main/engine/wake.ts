/**
 * Waking durable waits from outside a run: a named signal (`Engine.signal`), a call to a
 * webhook wait's URL (`Engine.webhook`), or a waker whose wait came due (`Engine.fireDue`).
 * Each fires the wait's row with one compare-and-set (`wait.fire`), so a wait fires exactly
 * once whoever races for it; the caller then continues the run (it holds no lease while it
 * waits). See waits.ts for the model.
 */
import { evaluateBounded, validateBounded } from './bounded';
import type { EngineDeps } from './contracts';
import { InputInvalidError, RunStateError, WaitConflictError } from './errors';
import { EventBuffer } from './event-buffer';
import { RunRedactor } from './redact';
import type { WaitFire, WaitRecord } from './store';
import { TIMER_ACTOR, tokenHash, waitFires } from './waits';

/** A signal to send: to one run, to the runs whose wait has every `correlate` key, or to all waiting for `name`. */
export interface SignalRequest {
  name: string;
  payload: unknown;
  runId?: string;
  correlate?: Record<string, string>;
  /** Who sent it (recorded on the wait and in the trace). */
  by: string;
}

/** A wait a signal or webhook fired. */
export interface FiredWait {
  runId: string;
  waitId: string;
  nodeId: string;
}

/** Why a webhook call was refused, as the HTTP status to answer with. */
export class HookRefusedError extends Error {
  constructor(
    readonly status: 404 | 405 | 400 | 409,
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'HookRefusedError';
  }
}

/** Fires `row` with `fire` (durably, no lease needed); false when someone else fired it first. */
export function fireWait(deps: EngineDeps, row: WaitRecord, fire: WaitFire, publish: (e: never[]) => void): boolean {
  const run = deps.store.getRun(row.runId);
  if (!run) throw new RunStateError(`there is no run "${row.runId}"`);
  const events = new EventBuffer(run.id, run.nextSeq, deps.clock);
  const t = waitFires(events, row, fire);
  // A payload may carry a secret value the run knows: scrubbed like everything committed.
  const red = new RunRedactor(run.spec, deps.secrets);
  const evs = red.scrub(events.take());
  try {
    deps.store.commit(run.id, red.scrub(t), evs, { durable: true, now: fire.at });
  } catch (e) {
    if (e instanceof WaitConflictError) return false;
    throw e;
  }
  publish(evs as never[]);
  return true;
}

/** Whether a signal wait's `match` holds for `payload` (a match that fails to evaluate does not hold). */
async function matches(deps: EngineDeps, row: WaitRecord, payload: unknown, input: unknown): Promise<boolean> {
  if (!row.match) return true;
  const sandbox = deps.sandbox;
  if (!sandbox) throw new RunStateError('signals need the engine sandbox to evaluate match expressions');
  try {
    const v = await evaluateBounded({ sandbox, subject: `The match of wait "${row.nodeId}"` }, row.match, {
      payload,
      input,
    });
    return v === true;
  } catch {
    return false;
  }
}

/** Sends a signal: fires every pending wait for it that it addresses and whose match holds. */
export async function sendSignal(
  deps: EngineDeps,
  req: SignalRequest,
  publish: (e: never[]) => void,
): Promise<FiredWait[]> {
  const fired: FiredWait[] = [];
  const candidates = deps.store
    .listWaits({ status: 'pending', signal: req.name, ...(req.runId ? { runId: req.runId } : {}) })
    .filter((w) => Object.entries(req.correlate ?? {}).every(([k, v]) => w.correlation?.[k] === v));
  for (const row of candidates) {
    const run = deps.store.getRun(row.runId);
    if (!run || run.status !== 'waiting') continue;
    if (!(await matches(deps, row, req.payload, run.input))) continue;
    const at = deps.clock.now();
    if (fireWait(deps, row, { at, by: req.by, cause: 'signal', payload: req.payload }, publish))
      fired.push({ runId: row.runId, waitId: row.id, nodeId: row.nodeId });
  }
  return fired;
}

/** A call to a webhook wait's URL: what it carries. */
export interface HookCall {
  token: string;
  method: string;
  body: unknown;
  query: Record<string, string>;
}

/**
 * Fires the webhook wait whose token this is, after checking the method and the body's
 * schema; returns the wait and the reply its node asked for.
 * @throws HookRefusedError 404 (no such wait: the token is unknown, or its wait already
 *   fired or closed), 405 (wrong method), 400 (the body does not match the schema).
 */
export async function callHook(
  deps: EngineDeps,
  call: HookCall,
  publish: (e: never[]) => void,
): Promise<{ fired: FiredWait; reply: { status: number; body: unknown } }> {
  const row = deps.store.listWaits({ tokenHash: tokenHash(call.token) })[0];
  if (!row || row.status !== 'pending') throw new HookRefusedError(404, 'no run is waiting for this webhook');
  if (row.method && row.method !== call.method.toUpperCase())
    throw new HookRefusedError(405, `this webhook takes ${row.method}, not ${call.method.toUpperCase()}`);
  if (row.bodySchema) {
    const sandbox = deps.sandbox;
    if (!sandbox) throw new RunStateError('webhooks need the engine sandbox to check bodies');
    const issues = await validateBounded({ sandbox, subject: 'The webhook body' }, row.bodySchema, call.body).catch(
      (e: unknown) => {
        throw new InputInvalidError((e as Error).message, []);
      },
    );
    if (issues.length)
      throw new HookRefusedError(
        400,
        `the body does not match the webhook's schema: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        issues,
      );
  }
  const payload = { method: call.method.toUpperCase(), body: call.body, query: call.query };
  const at = deps.clock.now();
  if (!fireWait(deps, row, { at, by: 'webhook', cause: 'webhook', payload }, publish))
    throw new HookRefusedError(409, 'this webhook was already called');
  return {
    fired: { runId: row.runId, waitId: row.id, nodeId: row.nodeId },
    reply: { status: row.reply?.status ?? 202, body: row.reply?.body ?? { accepted: true } },
  };
}

/** Fires a due wait for a waker (cause `time`); false when another waker or a signal won. */
export function fireDue(deps: EngineDeps, waitId: string, publish: (e: never[]) => void): boolean {
  const row = deps.store.getWait(waitId);
  if (!row || row.status !== 'pending') return false;
  return fireWait(deps, row, { at: deps.clock.now(), by: TIMER_ACTOR, cause: 'time' }, publish);
}
