/**
 * Buttons of the design system. Every button has an accessible name: the visible label,
 * or `label` as aria-label for icon-only buttons (which also shows as a tooltip).
 */
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Icon, type IconName } from './icons';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon?: IconName;
  label: string;
  /** Hide the text and show only the icon (label becomes aria-label + tooltip). */
  iconOnly?: boolean;
  variant?: Variant;
  size?: 'sm' | 'md';
  shortcut?: string;
  children?: ReactNode;
}

export function Button({
  icon,
  label,
  iconOnly,
  variant = 'ghost',
  size = 'md',
  shortcut,
  className,
  children,
  ...rest
}: ButtonProps) {
  const title = shortcut ? `${label} (${shortcut})` : label;
  return (
    <button
      type="button"
      className={`wm-btn wm-btn--${variant} wm-btn--${size}${iconOnly ? ' wm-btn--icon' : ''}${className ? ` ${className}` : ''}`}
      aria-label={iconOnly ? label : undefined}
      title={title}
      {...rest}
    >
      {icon && <Icon name={icon} size={size === 'sm' ? 14 : 16} />}
      {!iconOnly && <span className="wm-btn__label">{label}</span>}
      {children}
    </button>
  );
}
