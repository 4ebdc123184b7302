/** Settings of the app (not of a workflow): for now where run traces are exported. */
import { Dialog } from '../app/Dialog';
import { openDialog } from '../store/ui-store';
import { TelemetrySection } from './TelemetrySection';

export function SettingsDialog() {
  return (
    <Dialog title="Settings" onClose={() => openDialog(null)} className="wm-dialog--settings" testId="settings-dialog">
      <TelemetrySection />
    </Dialog>
  );
}
