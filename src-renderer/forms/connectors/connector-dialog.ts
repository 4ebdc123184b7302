/**
 * Which connector form is open: adding one (optionally for a step's model/connector
 * field, which then points at it) or editing one by alias. One form at a time.
 */
import { create } from 'zustand';

export interface ConnectorRequest {
  kind: 'llm' | 'http';
  /** Editing this connector; absent when adding. */
  alias?: string;
  /** After saving, set this step's field to the new alias. */
  assign?: { nodeId: string; key: string };
}

export const useConnectorDialog = create<{ request: ConnectorRequest | null }>(() => ({ request: null }));

export function openConnectorForm(request: ConnectorRequest): void {
  useConnectorDialog.setState({ request });
}

export function closeConnectorForm(): void {
  useConnectorDialog.setState({ request: null });
}
