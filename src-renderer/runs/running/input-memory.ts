/**
 * The last input a workflow ran with, per workflow id, in localStorage: the Run form opens
 * with it (else with the input schema's first example), so re-running is one click.
 */
const key = (specId: string) => `waymark.lastInput.${specId}`;

export function rememberInput(specId: string, input: unknown): void {
  try {
    localStorage.setItem(key(specId), JSON.stringify(input));
  } catch {
    /* storage full or disabled: the form simply starts from the example next time */
  }
}

export function recalledInput(specId: string, schema: unknown): unknown {
  try {
    const v = localStorage.getItem(key(specId));
    if (v !== null) return JSON.parse(v) as unknown;
  } catch {
    /* fall through to the example */
  }
  const examples =
    typeof schema === 'object' && schema !== null ? (schema as { examples?: unknown }).examples : undefined;
  return Array.isArray(examples) && examples.length ? examples[0] : {};
}
