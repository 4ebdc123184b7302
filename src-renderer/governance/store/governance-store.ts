/**
 * Transient governance UI state (never part of the document, never undone): whether the
 * canvas shows the policy view. Kept apart from the editor's UI store so the two teams'
 * state does not collide.
 */
import { create } from 'zustand';

export interface GovernanceUiState {
  policyView: boolean;
}

export const useGovernance = create<GovernanceUiState>()(() => ({ policyView: false }));

export function togglePolicyView(): void {
  useGovernance.setState((s) => ({ policyView: !s.policyView }));
}
