/** Whether the runs panel docks beside the inspector at the current window width (app/layout.ts). */
import { useEffect, useState } from 'react';
import { useRuns } from '../runs/store/runs-store';
import { runsDocked, useLayout } from './layout';

function useWindowWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

/** True: docked beside the inspector; false: in the inspector's column; null: the panel is closed. */
export function useRunsDocking(): boolean | null {
  const open = useRuns((s) => s.panelOpen);
  const layout = useLayout();
  const width = useWindowWidth();
  return open ? runsDocked(width, layout) : null;
}
