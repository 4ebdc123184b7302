/**
 * Handlers of governance: the approvals inbox (list, decide) and the audit log (list,
 * verify). A decision answers once `approval.resolved` is committed, durably; the run
 * continues behind it.
 */
import { verifyAudit } from '../../storage/audit-export';
import type { RunHandlers } from '../api-types';
import { ApiError } from '../errors';
import { osAccount } from '../os-account';
import type { RunsContext } from './context';
import { toApprovalViews } from './views';

type GovernanceMethod = 'approvals.list' | 'approvals.whoami' | 'approvals.decide' | 'audit.list' | 'audit.verify';

/** The governance handlers over `ctx`. */
export function governanceHandlers(ctx: RunsContext): Pick<RunHandlers, GovernanceMethod> {
  const { runtime, supervisor, checkOpen } = ctx;
  const { engine, store } = runtime;
  return {
    'audit.list': async ({ runId, afterSeq, limit, kinds }) => {
      checkOpen();
      const wanted = kinds?.length ? new Set(kinds) : undefined;
      // Filtering by kind after paging keeps the chain's order; a page may come back short.
      return store
        .listAudit({ ...(runId ? { runId } : {}), afterSeq, limit })
        .filter((e) => !wanted || wanted.has(e.kind));
    },
    'audit.verify': async () => {
      checkOpen();
      const r = verifyAudit(store.audit);
      return r.ok
        ? { ok: true, entries: r.entries, head: r.head }
        : {
            ok: false,
            entries: r.entries,
            problem: { seq: r.problem.seq, kind: r.problem.kind, message: r.problem.message },
          };
    },
    'approvals.list': async ({ status, runId }) => {
      checkOpen();
      return toApprovalViews(
        store,
        store.listApprovals({ ...(status ? { status } : {}), ...(runId ? { runId } : {}) }),
      );
    },
    'approvals.whoami': async () => ({ account: osAccount() }),
    'approvals.decide': async ({ approvalId, decision, by, comment, payload }) => {
      checkOpen();
      const approval = store.getApproval(approvalId);
      if (!approval) throw new ApiError('not_found', `there is no approval "${approvalId}"`);
      const d = {
        approvalId,
        decision,
        by,
        account: osAccount(),
        ...(comment !== undefined ? { comment } : {}),
        ...(payload !== undefined ? { payload } : {}),
      };
      await supervisor.launch(
        approval.runId,
        () => engine.decide(d),
        (e) => e.type === 'approval.resolved' && e.approvalId === approvalId,
      );
      return { ok: true };
    },
  };
}
