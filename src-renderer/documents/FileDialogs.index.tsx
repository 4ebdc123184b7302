/** Mounts the browser build's Open / Save As dialogs when asked for. */
import type { Dialog } from '../store/ui-store';
import { OpenDialog, SaveAsDialog } from './FileDialogs';

export function FileDialogs({ dialog }: { dialog: Dialog }) {
  if (dialog === 'open') return <OpenDialog />;
  if (dialog === 'saveAs') return <SaveAsDialog />;
  return null;
}
