/** The keyboard-shortcuts overlay (`?`), generated from the same table the key handler uses. */
import { openDialog } from '../store/ui-store';
import { Dialog } from './Dialog';
import { displayKeys, SHORTCUT_GROUPS, SHORTCUTS } from './shortcuts';

export function ShortcutsDialog() {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={() => openDialog(null)}
      className="wm-dialog--wide"
      testId="shortcuts-dialog"
    >
      <div className="wm-shortcuts">
        {SHORTCUT_GROUPS.map((g) => (
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
          <h3>Steps on the canvas</h3>
          <dl>
            <div className="wm-shortcuts__row">
              <dt>Move focus from step to step</dt>
              <dd>
                <kbd className="wm-kbd">Tab</kbd> · <kbd className="wm-kbd">Shift+Tab</kbd>
              </dd>
            </div>
            <div className="wm-shortcuts__row">
              <dt>Select the focused step</dt>
              <dd>
                <kbd className="wm-kbd">Enter</kbd> · <kbd className="wm-kbd">Space</kbd>
              </dd>
            </div>
            <div className="wm-shortcuts__row">
              <dt>Move the selected steps</dt>
              <dd>
                <kbd className="wm-kbd">←↑→↓</kbd> · <kbd className="wm-kbd">Shift</kbd> + arrows: further
              </dd>
            </div>
          </dl>
        </section>
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
