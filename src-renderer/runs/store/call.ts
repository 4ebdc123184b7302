/**
 * API calls from the runs UI: errors become a toast that says what failed and why (the
 * backend's message names the run, the state and the fix), and the promise resolves to
 * undefined so callers need no try/catch for the common case:
 * `const r = await orToast(api.runs.cancel({ runId }), 'Could not stop the run')`.
 */
import { ApiError } from '../../bridge';
import { toast } from '../../store/ui-store';

export async function orToast<T>(call: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    toast(`${what}: ${errorMessage(e)}`, 'error');
    return undefined;
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const first = e.problems[0];
    return first ? `${e.message} (${first.path}: ${first.message})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
