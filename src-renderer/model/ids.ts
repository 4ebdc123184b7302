/**
 * Identifier helpers. Spec ids must match `^[A-Za-z][A-Za-z0-9_-]{0,63}$` (shared/spec/schema),
 * so every generated id is slugged to that shape and made unique against the ids in use.
 */

const ID_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

/** Turns free text ("Look up order") into an id-shaped slug ("look_up_order"). */
export function slugId(text: string, fallback = 'node'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/_+$/, '')
    .toLowerCase()
    .slice(0, 56);
  return slug || fallback;
}

/** `base`, or `base_2`, `base_3`… — the first that is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const root = slugId(base);
  if (!taken.has(root)) return root;
  const stem = root.replace(/_\d+$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${stem}_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A unique display name: "LLM", "LLM 2", … */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/ \d+$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${stem} ${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
