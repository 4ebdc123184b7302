/** Transient messages (saved, refused connection, errors), announced politely to screen readers. */
import { useUi } from '../store/ui-store';
import { Icon } from '../ui/icons';

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="wm-toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`wm-toast is-${t.kind}`} data-testid="toast">
          <Icon name={t.kind === 'error' ? 'error' : t.kind === 'success' ? 'check' : 'sparkle'} size={15} />
          <span>{t.message}</span>
        </div>
      ))}
    </div>
  );
}
