/**
 * "Verify chain": recomputes the audit log's hash chain in the backend and says either
 * that it is intact (entries, head) or which entry is the first bad one and why.
 */
import type { ApiResults } from '../../../shared/api';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/icons';

export function VerifyBar({
  verify,
  verifying,
  result,
  onShow,
}: {
  verify(): void;
  verifying: boolean;
  result: ApiResults['audit.verify'] | null;
  onShow(seq: number): void;
}) {
  return (
    <div className="wm-gov-verify">
      <Button
        icon="check"
        variant="secondary"
        size="sm"
        label={verifying ? 'Verifying…' : 'Verify chain'}
        disabled={verifying}
        onClick={verify}
        data-testid="audit-verify"
      />
      <div role="status" aria-live="polite" className="wm-gov-verify__result" data-testid="audit-verify-result">
        {result?.ok === true && (
          <span className="wm-gov-verify__ok">
            <Icon name="check" size={14} />
            Chain intact · {result.entries.toLocaleString()} entries
            {result.head ? ` · head #${result.head.seq} ${result.head.hash.slice(0, 8)}…` : ''}
          </span>
        )}
        {result?.ok === false && (
          <span className="wm-gov-verify__bad">
            <Icon name="error" size={14} />
            Tampered: first bad entry{' '}
            <button type="button" className="wm-linkbtn" onClick={() => onShow(result.problem.seq)}>
              #{result.problem.seq}
            </button>{' '}
            — {result.problem.message}
          </span>
        )}
      </div>
    </div>
  );
}
