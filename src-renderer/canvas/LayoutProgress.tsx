/**
 * While auto-layout runs in its worker (canvas/layout.ts), a bar over the canvas says so:
 * the canvas stays usable meanwhile. It appears only when the layout takes a moment (not
 * as a flash on small workflows).
 */
import { useEffect, useState } from 'react';
import { useLayoutProgress } from './layout';

const SHOW_AFTER_MS = 120;

export function LayoutProgress() {
  const steps = useLayoutProgress((s) => s.steps);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!steps) {
      setShown(false);
      return;
    }
    const t = setTimeout(() => setShown(true), SHOW_AFTER_MS);
    return () => clearTimeout(t);
  }, [steps]);
  if (!steps || !shown) return null;
  const label = `Arranging ${steps.toLocaleString('en')} step${steps === 1 ? '' : 's'}…`;
  return (
    <div className="wm-layout-progress" role="status" data-testid="layout-progress">
      <div className="wm-layout-progress__bar" role="progressbar" aria-label={label} />
      <span>{label}</span>
    </div>
  );
}
