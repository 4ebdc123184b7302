/**
 * Governance glyphs, drawn like ui/icons.tsx (24×24, 1.75 stroke) but kept here so the
 * shared icon set is not edited by two teams at once. Decorative: the holder is labelled.
 */
import { memo } from 'react';

const PATHS = {
  /** Needs approval: a raised hand. */
  hand: 'M8 13V6.5a1.5 1.5 0 0 1 3 0V12M11 11V4.5a1.5 1.5 0 0 1 3 0V12M14 11V5.5a1.5 1.5 0 0 1 3 0V13M17 9.5a1.5 1.5 0 0 1 3 0V15a6 6 0 0 1-6 6h-1.2a6 6 0 0 1-4.8-2.4L4.4 14a1.6 1.6 0 0 1 2.4-2.1L8 13',
  /** Forbidden: a stop octagon with a bar. */
  stop: 'M8.3 3h7.4L21 8.3v7.4L15.7 21H8.3L3 15.7V8.3zM8 12h8',
  /** Runs unattended. */
  shieldCheck: 'M12 3l7 3v5c0 4.5-3 8.2-7 10-4-1.8-7-5.5-7-10V6zM9 12l2 2 4-4',
  lock: 'M6 11h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-8a1 1 0 0 1 1-1zM8 11V8a4 4 0 0 1 8 0v3',
  key: 'M14.5 14a5 5 0 1 0-4.6-3L3 17.9V21h3v-2h2v-2h2l1.9-1.9a5 5 0 0 0 2.6-1.1zM16.5 7.5h.01',
  scroll: 'M8 3h10a2 2 0 0 1 2 2v2h-4M8 3a2 2 0 0 0-2 2v12a2 2 0 0 1-2 2h10a2 2 0 0 0 2-2V5a2 2 0 0 1 2-2M9 8h4M9 12h4',
  eye: 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  refresh: 'M20 11a8 8 0 0 0-14.9-3.9L4 9M4 4v5h5M4 13a8 8 0 0 0 14.9 3.9L20 15M20 20v-5h-5',
} as const;

export type GovIconName = keyof typeof PATHS;

export const GovIcon = memo(function GovIcon({
  name,
  size = 14,
  className,
}: {
  name: GovIconName;
  size?: number;
  className?: string;
}) {
  return (
    <svg
      className={className ? `wm-icon ${className}` : 'wm-icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
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
