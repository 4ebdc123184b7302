/** A titled, collapsible inspector section. Collapsing is a native <details>: keyboard and screen-reader friendly for free. */
import type { ReactNode } from 'react';

export function Section({
  title,
  children,
  defaultOpen = true,
  aside,
}: {
  title: string;
  children: ReactNode;
  defaultOpen?: boolean;
  aside?: ReactNode;
}) {
  return (
    <details className="wm-section" open={defaultOpen}>
      <summary className="wm-section__title">
        <span>{title}</span>
        {aside}
      </summary>
      <div className="wm-section__body">{children}</div>
    </details>
  );
}
