// A checkpoint store that keeps nothing, to measure the engine's own per-node overhead
// apart from checkpoint cost (which the durable benchmark measures on its own).
import type { EngineEvent } from '../shared/events';
import type { LeaseClaim, RunLease } from '../src-main/engine/lease';
import type {
  ApprovalRecord,
  CheckpointStore,
  CommitOptions,
  CommitResult,
  HeartbeatResult,
  RunRecord,
  StepRecord,
  Transition,
  WaitRecord,
} from '../src-main/engine/store';

export class NullStore implements CheckpointStore {
  private run?: RunRecord;
  createRun(run: RunRecord, _events: EngineEvent[]): void {
    this.run = run;
  }
  commit(_runId: string, _t: Transition, _events: EngineEvent[], _opts: CommitOptions): CommitResult {
    return {};
  }
  claimLease(_runId: string, claim: LeaseClaim): RunLease {
    return { owner: claim.owner, acquiredAt: claim.now, renewedAt: claim.now, expiresAt: claim.now + claim.ttlMs };
  }
  heartbeat(): HeartbeatResult {
    return { renewed: [], cancelRequests: [] };
  }
  releaseLease(): boolean {
    return true;
  }
  requestCancel(): void {}
  getRun(): RunRecord | undefined {
    return this.run;
  }
  getSteps(): StepRecord[] {
    return [];
  }
  getEvents(): EngineEvent[] {
    return [];
  }
  listRuns(): RunRecord[] {
    return this.run ? [this.run] : [];
  }
  getApproval(): ApprovalRecord | undefined {
    return undefined;
  }
  listApprovals(): ApprovalRecord[] {
    return [];
  }
  getWait(): WaitRecord | undefined {
    return undefined;
  }
  listWaits(): WaitRecord[] {
    return [];
  }
  close(): void {}
}
