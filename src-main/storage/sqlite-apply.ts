/**
 * The body of one SQLite commit: fence the driver's lease, apply the transition, append its
 * events and audit entries, touch the run row. Runs inside the store's IMMEDIATE transaction;
 * throwing rolls everything back. The rules themselves are the engine's (store-rules.ts,
 * lease.ts), shared with the in-memory store.
 */
import type { EngineEvent } from '../../shared/events';
import { RunStateError } from '../engine/errors';
import { checkLeaseHolder, claimLeaseRule, type CancelRequest, type LeaseClaim, type RunLease } from '../engine/lease';
import type { CommitOptions, CommitResult, StepRecord, Transition } from '../engine/store';
import {
  cancelledApprovals,
  checkEvents,
  checkNewApproval,
  checkStepRun,
  decideApproval,
  escalateApproval,
  checkNewWait,
  fireWaitRule,
  waitsClosedBy,
} from '../engine/store-rules';
import type { WaitStatements } from './sqlite-waits';
import type { AuditLog } from './audit-log';
import {
  approvalToRow,
  eventToRow,
  leaseToRow,
  rowToApproval,
  rowToLease,
  stepToRow,
  toJson,
  type ApprovalRow,
} from './rows';
import { textCrc, verified, verifyApprovalRow } from './checksum';
import type { Statements } from './statements';

/** Inserts or replaces a step; returns 1 when the step is new (for `stepCount`). */
export function upsertStep(sql: Statements, runId: string, step: StepRecord): number {
  checkStepRun(runId, step);
  const isNew = sql.stepExists.get(runId, step.idx) === undefined;
  sql.upsertStep.run(stepToRow(step));
  return isNew ? 1 : 0;
}

/** Writes a decided (or escalated, or cancelled) approval over its pending row, or throws. */
function writeDecision(sql: Statements, row: ApprovalRow, verb: string): void {
  const { id, status, decided_by, decided_at, comment, edited, decided_payload_json, crc } = row;
  // The status guard repeats the compare-and-set in SQL, should anything bypass the read.
  const res = sql.decideApproval.run({
    id,
    status,
    decided_by,
    decided_at,
    comment,
    edited,
    decided_payload_json,
    crc,
  });
  if (res.changes !== 1) throw new RunStateError(`approval ${id} changed while being ${verb}`);
}

/** The lease compare-and-set of one claim, with the events that record it (a take-over). */
export function applyClaim(
  sql: Statements,
  audit: AuditLog,
  runId: string,
  claim: LeaseClaim,
  events: EngineEvent[],
): RunLease {
  const head = sql.runHead.get(runId);
  if (!head) throw new RunStateError(`there is no run "${runId}"`);
  const lease = claimLeaseRule(runId, rowToLease(head), claim);
  const next = checkEvents(runId, head.next_seq, events);
  sql.setLease.run({ id: runId, ...leaseToRow(lease) });
  if (events.length) {
    for (const e of events) sql.insertEvent.run(eventToRow(e));
    audit.appendEvents(events);
    sql.touchRun.run({ id: runId, added: 0, now: claim.now, next });
  }
  return lease;
}

/** Applies `t` and its events to run `runId` (see the module comment). */
export function applyCommit(
  sql: Statements,
  waits: WaitStatements,
  audit: AuditLog,
  file: string,
  runId: string,
  t: Transition,
  events: EngineEvent[],
  opts: CommitOptions,
): CommitResult {
  const head = sql.runHead.get(runId);
  if (head === undefined) throw new RunStateError(`run ${runId} not found`);
  if (opts.lease) checkLeaseHolder(runId, rowToLease(head), opts.lease.ownerId);
  // The transition is checked before the event sequence: the loser of an approval race
  // hears who decided, not that its events came too late.
  const added = applyTransition(sql, waits, file, runId, t);
  const closes = waitsClosedBy(t);
  if (closes) waits.close(runId, closes.stepIdx);
  const next = checkEvents(runId, head.next_seq, events);
  for (const e of events) sql.insertEvent.run(eventToRow(e));
  audit.appendEvents(events);
  if (opts.lease) {
    sql.touchRunLeased.run({ id: runId, added, now: opts.now, next, expires: opts.now + opts.lease.ttlMs });
    if (head.cancel_json !== null) return { cancelRequest: JSON.parse(head.cancel_json) as CancelRequest };
  } else sql.touchRun.run({ id: runId, added, now: opts.now, next });
  return {};
}

/** An approval row, checked against its checksum before anything is decided on it. */
function readApproval(sql: Statements, file: string, id: string) {
  const row = sql.getApproval.get(id);
  if (row) verifyApprovalRow(row, file);
  return row && rowToApproval(row);
}

/** The state change of one transition; returns how many new step rows it added. */
function applyTransition(sql: Statements, waits: WaitStatements, file: string, runId: string, t: Transition): number {
  switch (t.kind) {
    case 'step.begin':
    case 'step.complete':
    case 'step.fail':
      return upsertStep(sql, runId, t.step);
    case 'step.attempt': {
      // No row yet for a pure step (not begun durably): its events record the retry.
      const row = sql.stepRecord.get(runId, t.stepIdx);
      if (row === undefined) return 0;
      const step = JSON.parse(verified(row[0], row[1], file, () => `run ${runId} step ${t.stepIdx}`)) as StepRecord;
      step.attempts = t.attempts;
      if (t.retryAt !== undefined) step.retryAt = t.retryAt;
      else delete step.retryAt;
      if (t.usage) step.usage = t.usage;
      sql.upsertStep.run(stepToRow(step));
      return 0;
    }
    case 'step.wait': {
      const { approval, wait } = t;
      if (approval) checkNewApproval(approval, runId, t.step.idx, sql.getApproval.get(approval.id) !== undefined);
      if (wait) checkNewWait(wait, runId, t.step.idx, waits.get(wait.id) !== undefined);
      const added = upsertStep(sql, runId, t.step);
      if (approval) sql.insertApproval.run(approvalToRow(approval));
      if (wait) waits.insert(wait);
      return added;
    }
    case 'wait.fire': {
      waits.write(fireWaitRule(waits.get(t.waitId), runId, t));
      return 0;
    }
    case 'approval.resolve': {
      const current = readApproval(sql, file, t.decision.approvalId);
      const decided = decideApproval(current, runId, t.stepIdx, t.decision);
      writeDecision(sql, approvalToRow(decided), 'decided');
      return 0;
    }
    case 'approval.escalate': {
      const current = readApproval(sql, file, t.approvalId);
      const { escalated, escalation } = escalateApproval(current, runId, t);
      if (sql.getApproval.get(escalation.id)) throw new RunStateError(`approval ${escalation.id} already exists`);
      writeDecision(sql, approvalToRow(escalated), 'escalated');
      sql.insertApproval.run(approvalToRow(escalation));
      return 0;
    }
    case 'run.status': {
      // output/error/endedAt describe the status being entered: absent means cleared.
      sql.setRunStatus.run({
        id: runId,
        status: t.status,
        usage_json: JSON.stringify(t.usage),
        error_json: toJson(t.error),
        ended_at: t.endedAt ?? null,
      });
      const output = toJson(t.output);
      sql.setRunOutput.run({ runId, output, crc: textCrc(output) });
      return 0;
    }
    case 'run.cancel': {
      const pending = sql.listApprovals['status+run'].all({ status: 'pending', runId }).map((row) => {
        verifyApprovalRow(row, file);
        return rowToApproval(row);
      });
      for (const a of cancelledApprovals(pending, t)) writeDecision(sql, approvalToRow(a), 'cancelled');
      const added = t.step ? upsertStep(sql, runId, t.step) : 0;
      sql.cancelRun.run({
        id: runId,
        usage_json: JSON.stringify(t.usage),
        error_json: JSON.stringify(t.error),
        ended_at: t.at,
      });
      sql.setRunOutput.run({ runId, output: null, crc: null });
      return added;
    }
    default: {
      const never: never = t;
      throw new RunStateError(`unknown transition ${(never as { kind: string }).kind}`);
    }
  }
}
