/**
 * A labelled form row: label (with a required marker), the control, help text and an
 * error line. The control gets `id` so the label is announced with it.
 */
import type { ReactNode } from 'react';

export interface FieldProps {
  id: string;
  label: string;
  required?: boolean;
  help?: string;
  error?: string;
  children: ReactNode;
  /** For controls that are not labelable elements (Monaco, lists): label via aria instead. */
  asGroup?: boolean;
  actions?: ReactNode;
}

export function Field({ id, label, required, help, error, children, asGroup, actions }: FieldProps) {
  const Label = asGroup ? 'span' : 'label';
  return (
    <div
      className={`wm-field${error ? ' has-error' : ''}`}
      role={asGroup ? 'group' : undefined}
      aria-labelledby={asGroup ? `${id}-label` : undefined}
    >
      <div className="wm-field__top">
        <span className="wm-field__labelwrap">
          <Label className="wm-field__label" id={`${id}-label`} {...(asGroup ? {} : { htmlFor: id })}>
            {label}
          </Label>
          {/* Outside the label so the control's name stays exactly the label; required is conveyed by aria-required. */}
          {required && (
            <span className="wm-field__req" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </span>
        {actions}
      </div>
      {children}
      {help && !error && (
        <p className="wm-field__help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="wm-field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
