/**
 * The forms a planted secret value takes on the wire, for tests that search stores, replies and
 * logs for it: as is, URL- and form-encoded, JSON-escaped, base64 and base64url (also inside a
 * `user:value` Basic credential), upper and lower case.
 */
export function secretForms(value: string): Record<string, string> {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const url = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return {
    raw: value,
    url: encodeURIComponent(value),
    form: new URLSearchParams([['', value]]).toString().slice(1),
    json: JSON.stringify(value).slice(1, -1),
    base64: b64(value).replace(/=+$/, ''),
    base64url: url(b64(value)),
    // The stable middle of `user:value` in base64 (the edges depend on the neighbours).
    basic: b64(`user:${value}`).slice(8, -4),
    upper: value.toUpperCase(),
    lower: value.toLowerCase(),
  };
}

/** The names of the forms of `value` found in `text`. */
export function formsIn(text: string, value: string): string[] {
  return Object.entries(secretForms(value))
    .filter(([, f]) => f.length >= 6 && text.includes(f))
    .map(([k]) => k);
}
