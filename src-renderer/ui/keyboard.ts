/**
 * Who owns a key press: the one predicate every key handler in the editor asks before it
 * acts (global shortcuts, debugger keys, governance keys), so a key typed into a field
 * changes only that field.
 *
 * React Flow asks its own question (`isInputDOMNode` in @xyflow/system: INPUT, SELECT,
 * TEXTAREA, a `contenteditable` attribute on the target itself, or anything inside an
 * element with the class `nokey`). Monaco 0.55 types through an EditContext element
 * (`div.native-edit-context`), which is none of those: without `nokey` around it, React
 * Flow's pan-on-Space handler called `preventDefault()` on every Space typed into a code
 * field and the spaces vanished. So every region that holds fields is marked with
 * {@link NO_CANVAS_KEYS} (Monaco editors, the inspector column, dialogs, the runs panel),
 * and {@link keyOwner} honours the same class, keeping both answers the same.
 */

/** React Flow's class for "keys inside here are not canvas keys" (its `.nokey`). */
export const NO_CANVAS_KEYS = 'nokey';

/** Input types that take no typing: their keys may still be shortcuts (Space toggles a checkbox). */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'range', 'file', 'image']);
const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

/**
 * Whether `el` takes typed text: text inputs, textareas, selects, contenteditable
 * (inherited too), text-entry ARIA roles, and anything inside a Monaco editor (its
 * EditContext element, its textarea, its find widget).
 */
export function isTextEntry(el: Element | null | undefined): boolean {
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type);
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el.isContentEditable || el.classList.contains('native-edit-context')) return true;
  const role = el.getAttribute('role');
  if (role && TEXT_ROLES.has(role)) return true;
  return !!el.closest('.monaco-editor');
}

/**
 * Who a key pressed with focus on `el` belongs to:
 * - `field`: a text field; only the file shortcuts (save, open, …) act besides it.
 * - `panel`: a control inside a region marked {@link NO_CANVAS_KEYS} (an inspector
 *   switch, a dialog button): canvas keys (delete, select all, arrows, pan, paste) do
 *   not act, document-wide ones (undo, save, help) do.
 * - `canvas`: the canvas or the page itself: every shortcut acts.
 */
export type KeyOwner = 'field' | 'panel' | 'canvas';

export function keyOwner(el: Element | null | undefined): KeyOwner {
  if (isTextEntry(el)) return 'field';
  if (el instanceof Element && el.closest(`.${NO_CANVAS_KEYS}`)) return 'panel';
  return 'canvas';
}

/** The element a key event is for: the focused element inside shadow roots too. */
export function keyTarget(e: Event): Element | null {
  const first = e.composedPath?.()[0];
  if (first instanceof Element) return first;
  return e.target instanceof Element ? e.target : document.activeElement;
}
