/**
 * Extracts a JSON value from a model reply. Models wrap JSON in prose or ``` fences even
 * when asked not to; we accept the first fenced block, else the outermost {...} or [...].
 */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const candidates: string[] = [];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence?.[1]) candidates.push(fence[1]);
  candidates.push(text);
  const firstObj = text.search(/[[{]/);
  if (firstObj >= 0) {
    const open = text[firstObj] as string;
    const close = open === '{' ? '}' : ']';
    const last = text.lastIndexOf(close);
    if (last > firstObj) candidates.push(text.slice(firstObj, last + 1));
  }
  let lastError = 'no JSON found in the reply';
  for (const c of candidates) {
    try {
      return { ok: true, value: JSON.parse(c.trim()) };
    } catch (e) {
      lastError = `reply is not valid JSON: ${(e as Error).message}`;
    }
  }
  return { ok: false, error: lastError };
}
