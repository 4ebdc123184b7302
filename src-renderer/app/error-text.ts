/**
 * API and other errors as toast text for people: an invalid spec is told by its first
 * problem, named like the problems panel names it ("In step "Look up order": Connector is
 * empty. Choose …"), with how many more there are; an invalid run input names the field;
 * anything else keeps the backend's message, which already says what failed and why.
 */
import { humanize } from '../../shared/spec/problem-names';
import { problemText, type Problem } from '../../shared/spec/problems';
import { ApiError } from '../bridge';

/** "$.orderId" → "Order id"; "$" → "The input". */
function inputField(path: string): string {
  const parts = path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean);
  return parts.length ? parts.map((p) => humanize(p.replace(/\[\d+\]$/, ''))).join(' › ') : 'The input';
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.problems.length) {
    const errors = e.problems.filter((p: Problem) => p.severity === 'error');
    const first = (errors[0] ?? e.problems[0]) as Problem;
    if (e.code === 'invalid_spec') {
      const more = errors.length > 1 ? ` (${errors.length - 1} more in the problems panel)` : '';
      return `${problemText(first)}${more}`;
    }
    if (e.code === 'invalid_params' && first.path.startsWith('$'))
      return `${inputField(first.path)} ${first.message.replace(/\.$/, '')}.`;
    return `${e.message} — ${problemText(first)}`;
  }
  return e instanceof Error ? e.message : String(e);
}
