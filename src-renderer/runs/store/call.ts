/**
 * API calls from the runs UI: errors become a toast that says what failed and why (the
 * backend's message names the run, the state and the fix), and the promise resolves to
 * undefined so callers need no try/catch for the common case:
 * `const r = await orToast(api.runs.cancel({ runId }), 'Could not stop the run')`.
 */
import { errorText } from '../../app/error-text';
import { toast } from '../../store/ui-store';

export async function orToast<T>(call: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    toast(`${what}: ${errorMessage(e)}`, 'error');
    return undefined;
  }
}

/** The error as toast text (app/error-text.ts). */
export const errorMessage = errorText;
