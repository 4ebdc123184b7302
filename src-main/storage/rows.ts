/**
 * Conversions between store records and SQLite rows.
 *
 * Why columns plus JSON: fields the store filters, sorts or updates are columns (so a
 * `sqlite3` shell can inspect a run); free-form values (input, output, errors, payloads)
 * are JSON TEXT. SQL NULL means "absent" and the JSON text `null` means a null value, so an
 * optional field round-trips as absent and a `null` output stays `null`. Steps are the
 * exception: read in bulk on every resume, they are stored whole as one JSON `record`.
 */
import type { EngineEvent, ErrorInfo, RunStatus, Usage } from '../../shared/events';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { CancelRequest, LeaseOwner, RunLease } from '../engine/lease';
import type { ApprovalRecord, ApprovalStatus, RunRecord, StepRecord } from '../engine/store';
import { APPROVAL_CRC_COLUMNS, rowCrc, textCrc } from './checksum';

/** JSON text for a value, or NULL when it is absent. */
export function toJson(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

function fromJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

const flag = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);

/** Sets `obj[key]` only when the column was not NULL, keeping optional fields absent. */
function setIf<T extends object, K extends keyof T>(obj: T, key: K, v: T[K] | null | undefined): void {
  if (v !== null && v !== undefined) obj[key] = v;
}

/** A row of `runs` (the hot, small part of a run). */
export interface RunRow {
  id: string;
  spec_id: string;
  spec_name: string;
  status: string;
  simulate: number;
  trigger: string;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  parent_run_id: string | null;
  forked_from_step: number | null;
  step_count: number;
  next_seq: number;
  usage_json: string;
  error_json: string | null;
  spec_hash: string;
  /** The lease holder's owner id (engine/lease.ts); NULL when nobody holds the run. */
  lease_owner: string | null;
  /** `{ owner, acquiredAt }` of the lease. */
  lease_json: string | null;
  lease_renewed_at: number | null;
  lease_expires_at: number | null;
  /** A pending cancellation request (`CancelRequest`). */
  cancel_json: string | null;
}

/** A run's large values, kept out of the hot `runs` row, each with its checksum. */
export interface RunIoRow {
  run_id: string;
  input_json: string | null;
  output_json: string | null;
  input_crc: number | null;
  output_crc: number | null;
}

/** The lease columns of a `runs` row. */
export type LeaseColumns = Pick<RunRow, 'lease_owner' | 'lease_json' | 'lease_renewed_at' | 'lease_expires_at'>;

/** The lease columns of a run row for `lease` (all NULL for none). */
export function leaseToRow(lease: RunLease | undefined): LeaseColumns {
  return lease
    ? {
        lease_owner: lease.owner.id,
        lease_json: JSON.stringify({ owner: lease.owner, acquiredAt: lease.acquiredAt }),
        lease_renewed_at: lease.renewedAt,
        lease_expires_at: lease.expiresAt,
      }
    : { lease_owner: null, lease_json: null, lease_renewed_at: null, lease_expires_at: null };
}

/** The lease a run row records, if any. */
export function rowToLease(row: LeaseColumns): RunLease | undefined {
  if (row.lease_owner === null || row.lease_json === null) return undefined;
  const { owner, acquiredAt } = JSON.parse(row.lease_json) as { owner: LeaseOwner; acquiredAt: number };
  return {
    owner,
    acquiredAt,
    renewedAt: row.lease_renewed_at ?? acquiredAt,
    expiresAt: row.lease_expires_at ?? acquiredAt,
  };
}

/** The `runs` row of a new run; `step_count` starts at 0 (it counts step rows). */
export function runToRow(run: RunRecord, specHash: string, nextSeq: number): RunRow {
  return {
    id: run.id,
    spec_id: run.specId,
    spec_name: run.specName,
    status: run.status,
    simulate: run.simulate ? 1 : 0,
    trigger: run.trigger,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    ended_at: run.endedAt ?? null,
    parent_run_id: run.parentRunId ?? null,
    forked_from_step: run.forkedFromStep ?? null,
    step_count: 0,
    next_seq: nextSeq,
    usage_json: JSON.stringify(run.usage),
    error_json: toJson(run.error),
    spec_hash: specHash,
    ...leaseToRow(run.lease),
    cancel_json: toJson(run.cancelRequest),
  };
}

/** The `run_io` row of a new run. */
export function runToIoRow(run: RunRecord): RunIoRow {
  const input_json = toJson(run.input);
  const output_json = toJson(run.output);
  return { run_id: run.id, input_json, output_json, input_crc: textCrc(input_json), output_crc: textCrc(output_json) };
}

/**
 * A run record from its rows. The spec snapshot is parsed now when `lazySpec` is false;
 * when true, `spec` is an enumerable accessor that parses on first read and then turns
 * into a plain data property, so listing thousands of runs parses no snapshot nobody
 * reads, while JSON, structuredClone and deep-equality still see an ordinary record.
 */
export function rowToRun(row: RunRow & Omit<RunIoRow, 'run_id'>, specJson: string, lazySpec: boolean): RunRecord {
  const settle = (obj: object, value: unknown) =>
    Object.defineProperty(obj, 'spec', { value, writable: true, enumerable: true, configurable: true });
  // Accessors in the literal (not added by defineProperty) keep record creation cheap.
  const run: RunRecord = lazySpec
    ? {
        ...runFields(row),
        get spec(): WorkflowSpec {
          const value = JSON.parse(specJson) as WorkflowSpec;
          settle(this, value);
          return value;
        },
        set spec(value: WorkflowSpec) {
          settle(this, value);
        },
      }
    : { ...runFields(row), spec: JSON.parse(specJson) as WorkflowSpec };
  setIf(run, 'endedAt', row.ended_at);
  // A JSON null output is a value, not an absence.
  if (row.output_json !== null) run.output = JSON.parse(row.output_json);
  setIf(run, 'error', fromJson<ErrorInfo>(row.error_json));
  setIf(run, 'parentRunId', row.parent_run_id);
  setIf(run, 'forkedFromStep', row.forked_from_step);
  setIf(run, 'lease', rowToLease(row));
  setIf(run, 'cancelRequest', fromJson<CancelRequest>(row.cancel_json));
  return run;
}

function runFields(row: RunRow & Omit<RunIoRow, 'run_id'>): Omit<RunRecord, 'spec'> {
  return {
    id: row.id,
    specId: row.spec_id,
    specName: row.spec_name,
    input: fromJson<unknown>(row.input_json),
    status: row.status as RunStatus,
    simulate: row.simulate === 1,
    trigger: row.trigger,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    usage: JSON.parse(row.usage_json) as Usage,
    stepCount: row.step_count,
    nextSeq: row.next_seq,
  };
}

/** A row of `steps`. */
export interface StepRow {
  run_id: string;
  idx: number;
  node_id: string;
  node_type: string;
  status: string;
  /** The whole StepRecord as JSON. */
  record: string;
  /** CRC-32 of `record`. */
  crc: number;
}

/** The `steps` row for a step record (upserted by (run_id, idx)). */
export function stepToRow(s: StepRecord): StepRow {
  const record = JSON.stringify(s);
  return {
    run_id: s.runId,
    idx: s.idx,
    node_id: s.nodeId,
    node_type: s.nodeType,
    status: s.status,
    record,
    crc: textCrc(record) as number,
  };
}

/** A row of `approvals`. */
export interface ApprovalRow {
  id: string;
  run_id: string;
  step_idx: number;
  node_id: string;
  status: string;
  message: string;
  reason: string;
  approvers_json: string;
  requested_at: number;
  timeout_at: number | null;
  decided_by: string | null;
  decided_at: number | null;
  comment: string | null;
  edited: number | null;
  payload_json: string | null;
  payload_schema_json: string | null;
  decided_payload_json: string | null;
  /** CRC-32 over the other columns (checksum.ts `APPROVAL_CRC_COLUMNS`). */
  crc: number | null;
}

/** The checksum an approval row must carry. */
export function approvalCrc(row: Omit<ApprovalRow, 'crc'>): number {
  return rowCrc(APPROVAL_CRC_COLUMNS.map((c) => row[c]));
}

/** The `approvals` row for an approval record. */
export function approvalToRow(a: ApprovalRecord): ApprovalRow {
  const row = approvalColumns(a);
  return { ...row, crc: approvalCrc(row) };
}

function approvalColumns(a: ApprovalRecord): Omit<ApprovalRow, 'crc'> {
  return {
    id: a.id,
    run_id: a.runId,
    step_idx: a.stepIdx,
    node_id: a.nodeId,
    status: a.status,
    message: a.message,
    reason: a.reason,
    approvers_json: JSON.stringify(a.approvers),
    requested_at: a.requestedAt,
    timeout_at: a.timeoutAt ?? null,
    decided_by: a.decidedBy ?? null,
    decided_at: a.decidedAt ?? null,
    comment: a.comment ?? null,
    edited: flag(a.edited),
    payload_json: toJson(a.payload),
    payload_schema_json: toJson(a.payloadSchema),
    decided_payload_json: toJson(a.decidedPayload),
  };
}

/** An approval record from its row; NULL columns become absent fields. */
export function rowToApproval(row: ApprovalRow): ApprovalRecord {
  const a: ApprovalRecord = {
    id: row.id,
    runId: row.run_id,
    stepIdx: row.step_idx,
    nodeId: row.node_id,
    status: row.status as ApprovalStatus,
    message: row.message,
    payload: fromJson<unknown>(row.payload_json),
    approvers: JSON.parse(row.approvers_json) as string[],
    reason: row.reason,
    requestedAt: row.requested_at,
  };
  setIf(a, 'payloadSchema', fromJson<object>(row.payload_schema_json));
  setIf(a, 'timeoutAt', row.timeout_at);
  setIf(a, 'decidedBy', row.decided_by);
  setIf(a, 'decidedAt', row.decided_at);
  setIf(a, 'comment', row.comment);
  if (row.decided_payload_json !== null) a.decidedPayload = JSON.parse(row.decided_payload_json);
  if (row.edited !== null) a.edited = row.edited === 1;
  return a;
}

/** A row of `events` (append-only). */
export interface EventRow {
  run_id: string;
  seq: number;
  type: string;
  step_idx: number | null;
  at: string;
  body: string;
  /** CRC-32 of `body`. */
  crc: number;
}

/** The whole event is the body; the other columns are there to query by. */
export function eventToRow(e: EngineEvent): EventRow {
  const body = JSON.stringify(e);
  return {
    run_id: e.runId,
    seq: e.seq,
    type: e.type,
    step_idx: 'stepIdx' in e ? e.stepIdx : null,
    at: e.at,
    body,
    crc: textCrc(body) as number,
  };
}
