/**
 * The node palette: every node type the backend serves (plus autonomy zones), grouped by
 * category and searchable. Drag an item onto the canvas, or press Enter / click to add it
 * at the centre of the view (keyboard users never need the mouse).
 */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { NodeDescriptor } from '../../shared/nodes/descriptor';
import { useNodeCatalog } from '../catalog/catalog';
import { addNodeAt, createZone } from '../store/actions';
import { Icon } from '../ui/icons';
import { groupItems, itemOf, ZONE_DND_TYPE, ZONE_ITEM, type CatalogItem } from './catalog-groups';

export const DND_MIME = 'application/x-waymark-node';
export { ZONE_DND_TYPE };

type Item = CatalogItem;

/** Palette items: every node type the backend serves, then zones. */
function itemsOf(types: readonly NodeDescriptor[]): Item[] {
  return [...types.map(itemOf), ZONE_ITEM];
}

export function Palette() {
  const [query, setQuery] = useState('');
  const rf = useReactFlow();
  const added = useRef(0);
  const catalog = useNodeCatalog();
  const groups = useMemo(() => {
    return groupItems(itemsOf(catalog.list()), query);
  }, [query, catalog]);

  const addAtCentre = (item: Item) => {
    const el = document.querySelector('.wm-canvas');
    const r = el?.getBoundingClientRect();
    // Stagger repeated adds so they do not stack exactly on top of each other.
    const nudge = (added.current++ % 5) * 28;
    const at = rf.screenToFlowPosition({
      x: (r ? r.left + r.width / 2 : 400) + nudge,
      y: (r ? r.top + r.height / 2 : 300) + nudge,
    });
    if (item.type === ZONE_DND_TYPE) createZone({ x: at.x - 210, y: at.y - 130, width: 420, height: 260 });
    else addNodeAt(item.type, at);
  };

  const onDragStart = (e: DragEvent, item: Item) => {
    e.dataTransfer.setData(DND_MIME, item.type);
    e.dataTransfer.effectAllowed = 'copy';
  };

  const onKey = (e: KeyboardEvent, item: Item) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      addAtCentre(item);
    }
  };

  return (
    <aside className="wm-palette" aria-label="Node palette">
      <div className="wm-palette__search">
        <Icon name="search" size={14} />
        <input
          type="search"
          placeholder="Search steps"
          aria-label="Search node types"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="wm-palette__groups">
        {groups.map((g) => (
          <section key={g.id} className="wm-palette__group" aria-label={g.label}>
            <h3 className="wm-palette__heading">{g.label}</h3>
            <ul role="list">
              {g.items.map((item) => (
                <li key={item.type}>
                  <div
                    role="button"
                    tabIndex={0}
                    draggable
                    className={`wm-palette__item wm-cat-${item.category}`}
                    onDragStart={(e) => onDragStart(e, item)}
                    onClick={() => addAtCentre(item)}
                    onKeyDown={(e) => onKey(e, item)}
                    aria-label={`Add ${item.title}`}
                    title={item.description}
                    data-testid={`palette-${item.type === ZONE_DND_TYPE ? 'zone' : item.type}`}
                  >
                    <span className="wm-palette__icon" aria-hidden="true">
                      {item.icon}
                    </span>
                    <span className="wm-palette__text">
                      <span className="wm-palette__title">{item.title}</span>
                      <span className="wm-palette__desc">{item.description}</span>
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {!groups.length && <p className="wm-muted wm-palette__none">No step matches “{query}”.</p>}
      </div>
    </aside>
  );
}
