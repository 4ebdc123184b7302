/**
 * Which secrets the secrets panel lists: every name the spec declares or a connector uses,
 * merged with what the backend knows (stored values, the environment). Only names — the
 * renderer never holds a value.
 */
import type { ApiResults } from '../../../shared/api';
import { connectorSecrets } from '../../../shared/policy';
import type { WorkflowSpec } from '../../../shared/spec/schema';

export type SecretSource = 'store' | 'environment' | 'missing';

export interface SecretRow {
  name: string;
  /** Declared in `spec.secrets`. */
  declared: boolean;
  description?: string;
  /** Connector aliases that use it. */
  usedBy: string[];
  /** Unknown until the backend answers. */
  source?: SecretSource;
  updatedAt?: string;
}

/** Names the spec refers to, declared first (in spec order), then connector references. */
export function specSecretNames(spec: WorkflowSpec): string[] {
  const names = spec.secrets.map((s) => s.name);
  for (const c of Object.values(spec.connectors))
    for (const n of connectorSecrets(c)) if (!names.includes(n)) names.push(n);
  return names;
}

/** Rows for the panel: the spec's names in its order, then names only the store knows, alphabetically. */
export function secretRows(spec: WorkflowSpec, listed: ApiResults['secrets.list'] | undefined): SecretRow[] {
  const known = new Map((listed?.secrets ?? []).map((s) => [s.name, s]));
  const usedBy = (name: string) =>
    Object.entries(spec.connectors)
      .filter(([, c]) => connectorSecrets(c).includes(name))
      .map(([alias]) => alias);
  const fromSpec = specSecretNames(spec).map((name): SecretRow => {
    const decl = spec.secrets.find((s) => s.name === name);
    const k = known.get(name);
    return {
      name,
      declared: !!decl,
      ...(decl?.description ? { description: decl.description } : {}),
      usedBy: usedBy(name),
      ...(k ? { source: k.source, ...(k.updatedAt ? { updatedAt: k.updatedAt } : {}) } : {}),
    };
  });
  const inSpec = new Set(fromSpec.map((r) => r.name));
  const extra = [...known.values()]
    .filter((s) => !inSpec.has(s.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s): SecretRow => ({
      name: s.name,
      declared: false,
      usedBy: [],
      source: s.source,
      ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
    }));
  return [...fromSpec, ...extra];
}

export const SOURCE_LABEL: Record<SecretSource, string> = {
  store: 'Stored',
  environment: 'Environment',
  missing: 'Missing',
};
