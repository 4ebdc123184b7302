/**
 * The toolbar's "More" menu (…): the tools that do not fit the window's width, as a WAI-ARIA
 * menu — arrow keys, Home/End and typed letters move, Enter/Space choose, Escape and Tab
 * close and give focus back to the button. Toggles and choices show their state
 * (menuitemcheckbox / menuitemradio).
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Icon, type IconName } from '../ui/icons';

export interface MenuEntry {
  id: string;
  label: string;
  icon?: IconName;
  /** A glyph drawn by the caller, when the icon is not one of ui/icons. */
  glyph?: ReactNode;
  /** Shown on the right, e.g. "Ctrl+E". */
  shortcut?: string;
  onSelect(): void;
  disabled?: boolean;
  /** A toggle (checkbox) or one of a set of choices (radio). */
  kind?: 'checkbox' | 'radio';
  checked?: boolean;
  /** Entries of different groups are separated by a line. */
  group: string;
  testId?: string;
}

export function OverflowMenu({ entries, label = 'More tools' }: { entries: MenuEntry[]; label?: string }) {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; right: number }>({ top: 0, right: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])') ?? [])];
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  useLayoutEffect(() => {
    if (!open) return;
    const r = button.current?.getBoundingClientRect();
    if (r) setPos({ top: r.bottom + 4, right: Math.max(8, window.innerWidth - r.right) });
    items()[0]?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') {
      close(true);
      return;
    } else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey) {
      const k = e.key.toLowerCase();
      const from = list.slice(at + 1).concat(list.slice(0, at + 1));
      from.find((el) => el.textContent?.trim().toLowerCase().startsWith(k))?.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  if (!entries.length) return null;
  const choose = (entry: MenuEntry) => {
    close(true);
    entry.onSelect();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="wm-btn wm-btn--ghost wm-btn--md wm-btn--icon wm-overflow__button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
        data-testid="toolbar-more"
      >
        <Icon name="more" />
      </button>
      {open &&
        createPortal(
          <div
            ref={menu}
            id={id}
            role="menu"
            aria-label={label}
            className="wm-menu"
            style={{ top: pos.top, right: pos.right }}
            onKeyDown={onMenuKey}
            data-testid="toolbar-more-menu"
          >
            {entries.map((e, i) => (
              <div key={e.id} role="none" className="wm-menu__row">
                {i > 0 && entries[i - 1]?.group !== e.group && <div role="separator" className="wm-menu__sep" />}
                <button
                  type="button"
                  role={e.kind === 'checkbox' ? 'menuitemcheckbox' : e.kind === 'radio' ? 'menuitemradio' : 'menuitem'}
                  aria-checked={e.kind ? !!e.checked : undefined}
                  tabIndex={-1}
                  disabled={e.disabled}
                  className="wm-menu__item"
                  onClick={() => choose(e)}
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
        )}
    </>
  );
}
