/**
 * Design-time policy edits, audited: when the editor saves a document whose governance
 * changed — zones and their policies, connectors' or steps' risk classes, which zone a step
 * is in — the audit log gets a `policy.edited` entry saying who saved it (the host's OS
 * account, with the display name the person gave beside it, as approvals record deciders)
 * and what changed, one line per change (shared/policy-diff.ts). A save that changes no
 * policy adds nothing.
 */
import { describeDecider } from '../../shared/identity';
import { policyChanges } from '../../shared/policy-diff';
import { loadSpecText } from '../../shared/spec/load';
import type { SavedDocument } from './documents';
import { osAccount } from './os-account';

/** The `policy.edited` fact of a save, or undefined when the save changed no policy. */
export function policyEditOf(
  saved: SavedDocument,
  account: string = osAccount(),
  now: Date = new Date(),
): { at: string; runId: null; kind: 'policy.edited'; actor: string; payload: Record<string, unknown> } | undefined {
  const after = loadSpecText(saved.after).spec;
  if (!after) return undefined;
  // A file that was not a spec before (or did not exist) counts as new: all its policy is added.
  const before = saved.before !== undefined ? loadSpecText(saved.before).spec : undefined;
  const changes = policyChanges(before, after);
  if (!changes.length) return undefined;
  return {
    at: now.toISOString(),
    runId: null,
    kind: 'policy.edited',
    actor: describeDecider(saved.by ?? account, account),
    payload: {
      document: saved.file,
      specId: after.id,
      specName: after.name,
      account,
      ...(saved.by ? { by: saved.by } : {}),
      created: before === undefined,
      changes,
    },
  };
}
