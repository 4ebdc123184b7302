/** The keyboard-shortcuts overlay (`?`), generated from the same table the key handler uses. */
import { openDialog } from '../store/ui-store';
import { Dialog } from './Dialog';
import { displayKeys, SHORTCUTS, type Shortcut } from './shortcuts';

const GROUPS: Array<Shortcut['group']> = ['Edit', 'Canvas', 'File', 'View'];

export function ShortcutsDialog() {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={() => openDialog(null)}
      className="wm-dialog--wide"
      testId="shortcuts-dialog"
    >
      <div className="wm-shortcuts">
        {GROUPS.map((g) => (
          <section key={g}>
            <h3>{g}</h3>
            <dl>
              {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                <div key={s.command} className="wm-shortcuts__row">
                  <dt>{s.description}</dt>
                  <dd>
                    {s.keys.map((k) => (
                      <kbd key={k} className="wm-kbd">
                        {displayKeys(k)}
                      </kbd>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <section>
          <h3>Mouse</h3>
          <dl>
            <div className="wm-shortcuts__row">
              <dt>Pan</dt>
              <dd>Drag the background · scroll</dd>
            </div>
            <div className="wm-shortcuts__row">
              <dt>Zoom</dt>
              <dd>
                <kbd className="wm-kbd">{displayKeys('Mod')}</kbd> + scroll · pinch
              </dd>
            </div>
            <div className="wm-shortcuts__row">
              <dt>Box select</dt>
              <dd>
                <kbd className="wm-kbd">Shift</kbd> + drag
              </dd>
            </div>
            <div className="wm-shortcuts__row">
              <dt>Add to selection</dt>
              <dd>
                <kbd className="wm-kbd">Shift</kbd> + click
              </dd>
            </div>
          </dl>
        </section>
      </div>
    </Dialog>
  );
}
