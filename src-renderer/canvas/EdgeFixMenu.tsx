/**
 * The one-click fix of an orphan edge (its step no longer has the port it leaves by), from the
 * edge's label on the canvas and from its row in the problems list: a small menu to reconnect
 * the edge to one of the step's ports — taken ones say where they lead — or delete it. A
 * WAI-ARIA menu: arrows move, Enter chooses, Escape closes and gives focus back.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { reconnectChoices, type PortChoice } from '../model/orphans';
import { useDoc } from '../store/doc-store';
import { deleteEdge, reconnectEdgePort } from '../store/edge-fix';
import { toast } from '../store/ui-store';
import { Icon } from '../ui/icons';

export function EdgeFixMenu({
  edgeId,
  label,
  className,
  testId,
}: {
  edgeId: string;
  /** The button's visible text. */
  label: string;
  className?: string;
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<PortChoice[]>([]);
  const [pos, setPos] = useState({ top: 0, left: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? [])];
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  useLayoutEffect(() => {
    if (!open) return;
    const r = button.current?.getBoundingClientRect();
    const m = menu.current?.getBoundingClientRect();
    if (r) {
      const width = m?.width ?? 240;
      const height = m?.height ?? 160;
      const below = r.bottom + 4 + height <= window.innerHeight - 8;
      setPos({
        top: below ? r.bottom + 4 : Math.max(8, r.top - 4 - height),
        left: Math.min(Math.max(8, r.left), window.innerWidth - width - 8),
      });
    }
    items()[0]?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close(true);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const reconnect = (port: string) => {
    close(false);
    const refused = reconnectEdgePort(edgeId, port);
    if (refused) toast(refused, 'error');
  };
  const remove = () => {
    close(false);
    deleteEdge(edgeId);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`wm-edge-fix ${className ?? ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title="Fix this edge: reconnect it to an output of its step, or delete it"
        aria-controls={open ? id : undefined}
        onClick={(e) => {
          e.stopPropagation();
          setChoices(reconnectChoices(useDoc.getState().spec, edgeId));
          setOpen((o) => !o);
        }}
        onPointerDown={(e) => e.stopPropagation()}
        data-testid={testId}
      >
        <Icon name="warning" size={12} />
        {label}
      </button>
      {open &&
        createPortal(
          <div
            ref={menu}
            id={id}
            role="menu"
            aria-label="Fix this edge"
            className="wm-menu wm-edge-fix__menu"
            style={{ top: pos.top, left: pos.left }}
            onKeyDown={onMenuKey}
            data-testid="edge-fix-menu"
          >
            <div className="wm-edge-fix__heading" role="presentation">
              Reconnect to
            </div>
            {choices.length === 0 && (
              <div className="wm-edge-fix__none" role="presentation">
                This step has no outputs left.
              </div>
            )}
            {choices.map((c) => (
              <div key={c.key} role="none" className="wm-menu__row">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  disabled={!!c.takenBy}
                  className="wm-menu__item"
                  onClick={() => reconnect(c.key)}
                  data-testid={`edge-fix-port-${c.key}`}
                >
                  <span className="wm-menu__icon" aria-hidden="true">
                    <Icon name="link" size={14} />
                  </span>
                  <span className="wm-menu__label">
                    {c.label}
                    {c.takenBy && <span className="wm-edge-fix__taken"> — leads to “{c.takenBy}”</span>}
                  </span>
                </button>
              </div>
            ))}
            <div role="separator" className="wm-menu__sep" />
            <div role="none" className="wm-menu__row">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="wm-menu__item wm-edge-fix__delete"
                onClick={remove}
                data-testid="edge-fix-delete"
              >
                <span className="wm-menu__icon" aria-hidden="true">
                  <Icon name="trash" size={14} />
                </span>
                <span className="wm-menu__label">Delete edge</span>
              </button>
            </div>
          </div>,
          document.body,
        )}
    </>
  );
}
