/**
 * Small immutable-update helpers. Every edit returns a new spec that shares unchanged
 * parts with the old one, so undo history is cheap and memoized canvas nodes keep their
 * identity when their own node did not change.
 */

/** Applies `patch` to `obj`; keys whose value is `undefined` are removed (not written as undefined). */
export function withPatch<T extends object>(obj: T, patch: { [K in keyof T]?: T[K] | undefined }): T {
  const cur = obj as Record<string, unknown>;
  const noop = Object.entries(patch).every(([k, v]) =>
    v === undefined ? !(k in cur) || cur[k] === undefined : cur[k] === v,
  );
  if (noop) return obj;
  const out: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as T;
}

/** Replaces the items matching `pred` with `fn(item)`; returns the same array when nothing changed. */
export function mapWhere<T>(items: readonly T[], pred: (item: T) => boolean, fn: (item: T) => T): T[] {
  let changed = false;
  const out = items.map((item) => {
    if (!pred(item)) return item;
    const next = fn(item);
    if (next !== item) changed = true;
    return next;
  });
  return changed ? out : (items as T[]);
}

/** Deep structural equality for plain JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
