/**
 * A modal dialog on the native <dialog> element: focus is trapped and restored by the
 * browser, Escape closes it, and it is announced with its title.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '../ui/Button';
import { NO_CANVAS_KEYS } from '../ui/keyboard';

export function Dialog({
  title,
  onClose,
  children,
  className,
  testId,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`wm-dialog ${NO_CANVAS_KEYS}${className ? ` ${className}` : ''}`}
      aria-labelledby="wm-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // backdrop click
      }}
      data-testid={testId}
    >
      <div className="wm-dialog__head">
        <h2 id="wm-dialog-title">{title}</h2>
        <Button icon="x" label="Close" iconOnly size="sm" onClick={onClose} />
      </div>
      <div className="wm-dialog__body">{children}</div>
    </dialog>
  );
}
