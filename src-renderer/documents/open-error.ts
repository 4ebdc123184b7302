/**
 * The "this file is not a usable spec" report: which file, and every schema problem with
 * its path. Kept in its own tiny store so commands can raise it without React.
 */
import { create } from 'zustand';
import type { Problem } from '../../shared/spec/problems';

export interface OpenError {
  what: string;
  problems: Problem[];
}

export const useOpenError = create<{ error: OpenError | null }>()(() => ({ error: null }));

export function setOpenError(error: OpenError | null): void {
  useOpenError.setState({ error });
}
