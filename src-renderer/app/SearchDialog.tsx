/**
 * Ctrl/Cmd+K: find a node by name (or id or type), then select and centre it. Arrow keys
 * move through the matches; Enter jumps.
 */
import { useMemo, useState } from 'react';
import { useNodeCatalog } from '../catalog/catalog';
import { useDoc } from '../store/doc-store';
import { openDialog, requestFocus, useUi } from '../store/ui-store';
import { Dialog } from './Dialog';

export function SearchDialog() {
  const catalog = useNodeCatalog();
  const nodes = useDoc((s) => s.spec.nodes);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => {
    const q = query.trim().toLowerCase();
    const scored = nodes
      .map((n) => {
        const name = n.name.toLowerCase();
        const score = !q
          ? 1
          : name.startsWith(q)
            ? 3
            : name.includes(q)
              ? 2
              : n.id.toLowerCase().includes(q) || n.type.includes(q)
                ? 1
                : 0;
        return { n, score };
      })
      .filter((x) => x.score > 0);
    scored.sort((a, b) => b.score - a.score || a.n.name.localeCompare(b.n.name));
    return scored.slice(0, 50).map((x) => x.n);
  }, [nodes, query]);
  const go = (id: string) => {
    openDialog(null);
    useUi.setState({ rightPanel: 'inspector' });
    requestFocus('node', id);
  };
  const current = hits[Math.min(active, hits.length - 1)];
  return (
    <Dialog title="Find a node" onClose={() => openDialog(null)} className="wm-dialog--search" testId="search-dialog">
      <input
        className="wm-input wm-input--lg"
        autoFocus
        placeholder="Type a step name…"
        aria-label="Node name"
        role="combobox"
        aria-expanded="true"
        aria-controls="wm-search-results"
        aria-activedescendant={current ? `wm-hit-${current.id}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && current) go(current.id);
          else return;
          e.preventDefault();
        }}
      />
      <ul className="wm-search__results" id="wm-search-results" role="listbox" aria-label="Matching nodes">
        {hits.map((n) => {
          const desc = catalog.get(n.type);
          return (
            <li
              key={n.id}
              id={`wm-hit-${n.id}`}
              role="option"
              aria-selected={n === current}
              className={`wm-search__hit wm-cat-${desc?.category ?? 'unknown'}${n === current ? ' is-active' : ''}`}
              onClick={() => go(n.id)}
              onMouseMove={() => setActive(hits.indexOf(n))}
            >
              <span className="wm-search__icon" aria-hidden="true">
                {desc?.icon ?? '?'}
              </span>
              <span className="wm-search__name">{n.name}</span>
              <span className="wm-search__meta">
                {desc?.title ?? n.type} · {n.id}
              </span>
            </li>
          );
        })}
        {!hits.length && <li className="wm-search__none">No step matches “{query}”.</li>}
      </ul>
    </Dialog>
  );
}
