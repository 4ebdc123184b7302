/**
 * The served node catalog as the palette and the step picker list it: grouped by category
 * in one order, filtered by a search typed by the user.
 */
import type { NodeDescriptor } from '../../shared/nodes/descriptor';
import type { NodeCategory } from '../../shared/nodes/types';

export const ZONE_DND_TYPE = '@zone';

export const CATEGORY_ORDER: Array<{ id: NodeCategory | 'governance'; label: string }> = [
  { id: 'flow', label: 'Flow' },
  { id: 'ai', label: 'AI' },
  { id: 'integration', label: 'Integrations' },
  { id: 'logic', label: 'Logic' },
  { id: 'human', label: 'Human' },
  { id: 'governance', label: 'Governance' },
];

export interface CatalogItem {
  type: string;
  title: string;
  description: string;
  icon: string;
  category: NodeCategory | 'governance';
  /** A start step: nothing can lead into it. */
  entry: boolean;
}

export const ZONE_ITEM: CatalogItem = {
  type: ZONE_DND_TYPE,
  title: 'Autonomy zone',
  description: 'A region whose policy says what its steps may do without a human.',
  icon: '⬚',
  category: 'governance',
  entry: false,
};

export function itemOf(d: NodeDescriptor): CatalogItem {
  return {
    type: d.type,
    title: d.title,
    description: d.description,
    icon: d.icon,
    category: d.category,
    entry: !!d.entry,
  };
}

export interface CatalogGroup {
  id: NodeCategory | 'governance';
  label: string;
  items: CatalogItem[];
}

/** Items matching `query` (title, type or description), grouped in {@link CATEGORY_ORDER}; empty groups dropped. */
export function groupItems(items: readonly CatalogItem[], query: string): CatalogGroup[] {
  const q = query.trim().toLowerCase();
  const hits = items.filter(
    (i) => !q || i.title.toLowerCase().includes(q) || i.type.includes(q) || i.description.toLowerCase().includes(q),
  );
  // Titles that start with the query come first inside a group (typing "d" puts Decision on top).
  const rank = (i: CatalogItem) => (q && i.title.toLowerCase().startsWith(q) ? 0 : 1);
  return CATEGORY_ORDER.map((c) => ({
    ...c,
    items: hits.filter((i) => i.category === c.id).sort((a, b) => rank(a) - rank(b)),
  })).filter((g) => g.items.length);
}
