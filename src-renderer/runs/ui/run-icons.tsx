/**
 * Icons for run controls, drawn like the app's icon set (24×24, 1.75 stroke) and kept here
 * so the runs UI does not grow the shared set for its own needs.
 */
import { memo } from 'react';

const PATHS = {
  play: 'M7 5v14l11-7z',
  stop: 'M7 7h10v10H7z',
  pause: 'M8 5v14M16 5v14',
  step: 'M6 5v14l8-7zM18 5v14',
  cont: 'M5 5v14l8-7zM13 5v14l8-7z',
  inbox:
    'M4 13l2.5-7.5A2 2 0 0 1 8.4 4h7.2a2 2 0 0 1 1.9 1.5L20 13M4 13v5a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-5M4 13h4l1.5 3h5L16 13h4',
  trace: 'M4 6h16M8 12h12M12 18h8M4 6v12',
  history: 'M3 12a9 9 0 1 0 3-6.7M3 4v4h4M12 8v4l3 2',
  breakpoint: 'M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10z',
} as const;

export type RunIconName = keyof typeof PATHS;

export const RunIcon = memo(function RunIcon({ name, size = 16 }: { name: RunIconName; size?: number }) {
  const filled = name === 'play' || name === 'stop' || name === 'breakpoint';
  return (
    <svg
      className="wm-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
});
