/**
 * Output validation: is a value (typically a model's structured reply) well-formed enough
 * to act on? A JSON Schema, fields that must be present, and a confidence the producer
 * reported about itself, below which a human should look before anything acts on it.
 */
import type { GuardrailFinding } from '../../../shared/events';
import type { SchemaIssues } from '../ports';

export interface ValidateOptions {
  schema?: object;
  /** Dotted paths (`customer.email`, `items.0.sku`) that must hold a value: not missing, null or "". */
  required?: readonly string[];
  /** Dotted path of the confidence number in the value (default `confidence`). */
  confidenceField?: string;
  /** Confidence below this (or missing, or not a number) routes to review. */
  confidenceThreshold?: number;
}

export interface ValidateResult {
  findings: GuardrailFinding[];
  /** The schema or a required field failed. */
  invalid: boolean;
  /** Below the threshold, or no usable confidence when a threshold is set. */
  lowConfidence: boolean;
  confidence?: number;
}

/** The value at a dotted path; numeric segments index arrays. */
export function valueAt(value: unknown, path: string): unknown {
  let v = value;
  for (const seg of path.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? (/^\d+$/.test(seg) ? v[Number(seg)] : undefined) : (v as Record<string, unknown>)[seg];
  }
  return v;
}

const asPath = (dotted: string): string =>
  `$${dotted
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')}`;

/**
 * Checks `value` against every configured rule; all problems are reported, not just the
 * first. `check` validates against the schema (the step's bounded validator).
 */
export async function validateOutput(
  value: unknown,
  opts: ValidateOptions,
  check: (schema: object, value: unknown) => Promise<SchemaIssues>,
): Promise<ValidateResult> {
  const findings: GuardrailFinding[] = [];
  if (opts.schema) {
    for (const i of await check(opts.schema, value ?? null))
      findings.push({ kind: 'output.schema', path: i.path, severity: 'high', message: i.message });
  }
  for (const r of opts.required ?? []) {
    const v = valueAt(value, r);
    if (v === undefined || v === null || v === '')
      findings.push({ kind: 'output.required', path: asPath(r), severity: 'high', message: `${r} is required` });
  }
  const invalid = findings.length > 0;
  if (opts.confidenceThreshold === undefined) return { findings, invalid, lowConfidence: false };
  const field = opts.confidenceField ?? 'confidence';
  const c = valueAt(value, field);
  if (typeof c !== 'number' || Number.isNaN(c)) {
    findings.push({
      kind: 'output.confidence',
      path: asPath(field),
      severity: 'medium',
      message: `no numeric confidence at ${field}: a human should check`,
    });
    return { findings, invalid, lowConfidence: true };
  }
  if (c < opts.confidenceThreshold) {
    findings.push({
      kind: 'output.confidence',
      path: asPath(field),
      severity: 'medium',
      message: `confidence ${c} is below the threshold ${opts.confidenceThreshold}`,
    });
    return { findings, invalid, lowConfidence: true, confidence: c };
  }
  return { findings, invalid, lowConfidence: false, confidence: c };
}
