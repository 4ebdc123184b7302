/**
 * A JSON value for the details panes: read-only Monaco, loaded lazily, with a plain
 * preview meanwhile. Payloads above {@link TRUNCATE_AT} characters are cut with a
 * "Show all" button — a 5 MB response should not stall the panel until asked for.
 */
import { lazy, Suspense, useMemo, useState } from 'react';

const MonacoJson = lazy(() => import('./MonacoJson'));

export const TRUNCATE_AT = 4000;

export function stringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

let seq = 0;

export function JsonView({ value, label, maxLines }: { value: unknown; label: string; maxLines?: number }) {
  const full = useMemo(() => stringify(value), [value]);
  const [all, setAll] = useState(false);
  const [path] = useState(() => `inmemory://waymark/trace/${++seq}.json`);
  const cut = !all && full.length > TRUNCATE_AT;
  const text = cut ? `${full.slice(0, TRUNCATE_AT)}\n…` : full;
  return (
    <div className="wm-jsonview" data-testid={`json-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <Suspense fallback={<pre className="wm-json__pre">{text}</pre>}>
        <MonacoJson
          text={text}
          path={path}
          language={cut ? 'plaintext' : 'json'}
          ariaLabel={`${label} (read-only JSON)`}
          maxLines={maxLines ?? (all ? 40 : 18)}
        />
      </Suspense>
      {cut && (
        <button type="button" className="wm-linkbtn" onClick={() => setAll(true)}>
          Show all ({Math.round(full.length / 1024)} KB)
        </button>
      )}
    </div>
  );
}
