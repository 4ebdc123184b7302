/** Why a file or example could not be opened: every schema problem, with its path. Nothing is half-loaded. */
import { Dialog } from '../app/Dialog';
import { Icon } from '../ui/icons';
import { setOpenError, useOpenError } from './open-error';

export function OpenErrorDialog() {
  const error = useOpenError((s) => s.error);
  if (!error) return null;
  return (
    <Dialog title="This file is not a Waymark workflow" onClose={() => setOpenError(null)} testId="open-error">
      <p>
        <strong>{error.what}</strong> could not be opened. Fix these and try again:
      </p>
      <ul className="wm-problems__list">
        {error.problems.map((p, i) => (
          <li key={i} className="wm-problem is-error">
            <Icon name="error" size={14} className="wm-problem__icon" />
            <span className="wm-problem__msg">{p.message}</span>
            <code className="wm-problem__path">{p.path}</code>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
