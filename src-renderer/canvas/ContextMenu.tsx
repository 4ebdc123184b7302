/**
 * A context menu at a screen point, as a WAI-ARIA menu (the same look and keys as the
 * toolbar's "More" menu): arrow keys, Home/End and typed letters move, Enter/Space choose,
 * Escape and Tab close and give focus back. It stays on screen near the window's edges and
 * closes on a press outside it.
 */
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { MenuEntry } from '../app/OverflowMenu';
import type { Point } from '../model/spec-ops';
import { Icon } from '../ui/icons';
import { NO_CANVAS_KEYS } from '../ui/keyboard';
import { useCloseOutside, useFocusReturn, usePopupPlacement } from './popup';

export function ContextMenu({
  at,
  label,
  entries,
  onClose,
  testId,
}: {
  at: Point;
  label: string;
  entries: MenuEntry[];
  onClose: () => void;
  testId?: string;
}) {
  const menu = useRef<HTMLDivElement>(null);
  const restoreFocus = useFocusReturn();
  const pos = usePopupPlacement(menu, at, [entries.length]);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])') ?? [])];
  const dismiss = useCallback(() => {
    onClose();
    restoreFocus();
  }, [onClose, restoreFocus]);
  useCloseOutside(menu, onClose);
  // Focus the first entry once placed (a hidden element cannot take focus).
  const placed = pos !== null;
  useEffect(() => {
    if (placed) items()[0]?.focus({ preventScroll: true });
  }, [placed]);

  const onKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at < 0 ? list.length - 1 : at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') dismiss();
    else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const k = e.key.toLowerCase();
      const from = list.slice(at + 1).concat(list.slice(0, at + 1));
      from.find((el) => el.textContent?.trim().toLowerCase().startsWith(k))?.focus();
    } else return; // Enter/Space: the focused button's own click
    e.preventDefault();
    e.stopPropagation();
  };

  const choose = (entry: MenuEntry) => {
    onClose();
    // Give focus back first: an action may move it on purpose (rename focuses the name field).
    restoreFocus();
    entry.onSelect();
  };

  return createPortal(
    <div
      ref={menu}
      role="menu"
      aria-label={label}
      className={`wm-menu wm-cmenu ${NO_CANVAS_KEYS}`}
      style={pos ? { left: pos.x, top: pos.y } : { left: at.x, top: at.y, visibility: 'hidden' }}
      onKeyDown={onKey}
      onContextMenu={(e) => e.preventDefault()}
      data-testid={testId}
    >
      {entries.map((e, i) => (
        <div key={e.id} role="none" className="wm-menu__row">
          {i > 0 && entries[i - 1]?.group !== e.group && <div role="separator" className="wm-menu__sep" />}
          <button
            type="button"
            role={e.kind === 'checkbox' ? 'menuitemcheckbox' : 'menuitem'}
            aria-checked={e.kind ? !!e.checked : undefined}
            tabIndex={-1}
            disabled={e.disabled}
            className={`wm-menu__item${e.group === 'danger' ? ' wm-menu__item--danger' : ''}`}
            onClick={() => choose(e)}
            onKeyDown={(ev) => {
              // Stop Enter/Space reaching the canvas' global keys; the click does the work.
              if (ev.key === 'Enter' || ev.key === ' ') ev.stopPropagation();
            }}
            data-testid={e.testId}
          >
            <span className="wm-menu__icon" aria-hidden="true">
              {e.glyph ?? (e.icon ? <Icon name={e.icon} size={15} /> : null)}
            </span>
            <span className="wm-menu__label">{e.label}</span>
            {e.kind && (
              <span className="wm-menu__check" aria-hidden="true">
                {e.checked ? '✓' : ''}
              </span>
            )}
            {e.shortcut && <kbd className="wm-kbd wm-menu__kbd">{e.shortcut}</kbd>}
          </button>
        </div>
      ))}
    </div>,
    document.body,
  );
}
