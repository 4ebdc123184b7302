/**
 * One approval, decided here: what (the exact structured payload), why (decisions on the
 * way and the outputs of the steps before the gate), what it cost so far; then approve,
 * reject, or edit the payload and approve — with a comment. The decision is recorded under
 * the host's OS account, with the display name typed here beside it (shared/identity.ts).
 * A gate decided elsewhere (the CLI, a timeout, another window) answers `conflict`, shown
 * in place with who decided it.
 */
import { useEffect, useState } from 'react';
import { isReservedName, reservedNameMessage } from '../../../shared/identity';
import type { ApprovalView } from '../../../shared/runs';
import { LazyCode } from '../../monaco/LazyCode';
import { Button } from '../../ui/Button';
import { toast } from '../../store/ui-store';
import { ApiError, api } from '../../bridge';
import { parseJson } from '../debug/EditOutput';
import { formatCost } from '../model/waterfall';
import { decidedHere, loadAccount, refreshApprovals, setApprover, useApprovals } from '../store/approvals-store';
import { errorMessage } from '../store/call';
import { openRun } from '../store/run-actions';
import { JsonView, stringify } from '../ui/JsonView';
import { checkPayload } from './payload-check';
import { ApprovalWhy } from './ApprovalWhy';
import { httpCallOf } from './call-action';
import { CallActionView } from './CallActionView';

export function ApprovalDetail({ view }: { view: ApprovalView }) {
  const a = view.approval;
  const typed = useApprovals((s) => s.approver);
  const account = useApprovals((s) => s.account);
  useEffect(loadAccount, []);
  // No name typed: the account's own name is the display name.
  const approver = typed.trim() || account || '';
  const [comment, setComment] = useState('');
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() => stringify(a.payload));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseJson(text);
  const schemaError = editing ? (parsed.ok ? checkPayload(a.payloadSchema, parsed.value) : parsed.error) : undefined;
  const pending = a.status === 'pending';
  // A policy gate holds the exact HTTP call: shown as a request, not as raw JSON.
  const call = httpCallOf(a.decidedPayload ?? a.payload);
  const needName = !approver.trim();

  const decide = async (decision: 'approved' | 'rejected', withEdit: boolean) => {
    if (needName) return setProblem('Enter your name: it is recorded with the decision.');
    if (isReservedName(approver)) return setProblem(`The display name ${reservedNameMessage(approver)}.`);
    if (withEdit && (!parsed.ok || schemaError)) return;
    setBusy(true);
    setProblem(null);
    try {
      decidedHere.add(a.id);
      await api.approvals.decide({
        approvalId: a.id,
        decision,
        by: approver,
        ...(comment ? { comment } : {}),
        ...(withEdit && parsed.ok ? { payload: parsed.value } : {}),
      });
      toast(
        `${decision === 'approved' ? 'Approved' : 'Rejected'}: ${view.nodeName} (${view.specName}). The run continues.`,
        'success',
      );
      await refreshApprovals();
    } catch (e) {
      const msg = errorMessage(e);
      setProblem(e instanceof ApiError && e.code === 'conflict' ? `Already decided — ${msg}` : msg);
      if (e instanceof ApiError && e.code === 'conflict') void refreshApprovals();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="wm-approval" aria-label={`Approval ${a.id}`} data-testid="approval-detail">
      <header className="wm-approval__head">
        <div>
          <div className="wm-details__title">{view.nodeName}</div>
          <div className="wm-details__sub">
            {view.specName} · run{' '}
            <button type="button" className="wm-linkbtn" onClick={() => void openRun(view.runId)}>
              {view.runId}
            </button>{' '}
            · cost so far <strong>{formatCost(view.cost.costUsd)}</strong> ·{' '}
            {(view.cost.inputTokens + view.cost.outputTokens).toLocaleString()} tokens
          </div>
        </div>
      </header>
      <p className="wm-approval__msg">{a.message}</p>
      <h4 className="wm-approval__h">What it will do</h4>
      {editing ? (
        <div className="wm-editbox">
          <LazyCode
            value={text}
            onChange={setText}
            language="json"
            path={`inmemory://waymark/approval-${a.id}.json`}
            ariaLabel="Edited payload (JSON)"
            minLines={5}
            maxLines={16}
            lineNumbers
            testId="payload-editor"
          />
          {schemaError ? (
            <p className="wm-field__error" data-testid="payload-error">
              {schemaError}
            </p>
          ) : (
            <p className="wm-field__help">Matches the gate’s payload schema.</p>
          )}
        </div>
      ) : call ? (
        <CallActionView call={call} />
      ) : (
        <JsonView value={a.decidedPayload ?? a.payload} label="Payload" maxLines={12} />
      )}
      <ApprovalWhy view={view} />
      {pending ? (
        <div className="wm-approval__form">
          <div className="wm-grid2">
            <label className="wm-field">
              <span className="wm-field__label">Display name</span>
              <input
                className="wm-input"
                value={typed}
                onChange={(e) => {
                  setApprover(e.target.value);
                  setProblem(null);
                }}
                placeholder={account ?? 'e.g. alice'}
                aria-describedby={`decider-${a.id}`}
                data-testid="approver-name"
              />
              <span className="wm-field__help" id={`decider-${a.id}`} data-testid="approver-account">
                {account ? (
                  <>
                    Recorded as OS account <strong>{account}</strong>, with this name beside it
                  </>
                ) : (
                  'Recorded with the OS account this app runs as'
                )}
              </span>
            </label>
            <label className="wm-field">
              <span className="wm-field__label">Comment</span>
              <input
                className="wm-input"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                placeholder="Optional, recorded"
                data-testid="approval-comment"
              />
            </label>
          </div>
          {a.approvers.length > 0 && <p className="wm-field__help">May decide: {a.approvers.join(', ')}</p>}
          {problem && (
            <p className="wm-approval__problem" role="alert" data-testid="approval-problem">
              {problem}
            </p>
          )}
          <div className="wm-approval__actions">
            {editing ? (
              <>
                <Button
                  variant="primary"
                  label="Approve edited payload"
                  disabled={busy || !!schemaError}
                  onClick={() => void decide('approved', true)}
                  data-testid="approve-edited"
                />
                <Button label="Cancel edit" onClick={() => setEditing(false)} />
              </>
            ) : (
              <>
                <Button
                  variant="primary"
                  icon="check"
                  label="Approve"
                  disabled={busy}
                  onClick={() => void decide('approved', false)}
                  data-testid="approve"
                />
                <Button
                  variant="secondary"
                  label="Edit payload & approve"
                  disabled={busy}
                  onClick={() => setEditing(true)}
                  data-testid="edit-payload"
                />
                <Button
                  variant="danger"
                  label="Reject"
                  disabled={busy}
                  onClick={() => void decide('rejected', false)}
                  data-testid="reject"
                />
              </>
            )}
          </div>
        </div>
      ) : (
        <p className="wm-approval__decided">
          {a.status} {a.decidedBy ? `by ${a.decidedBy}` : ''}{' '}
          {a.decidedAt ? `at ${new Date(a.decidedAt).toLocaleString()}` : ''} {a.edited ? '(payload edited)' : ''}{' '}
          {a.comment ? `— “${a.comment}”` : ''}
        </p>
      )}
    </section>
  );
}
