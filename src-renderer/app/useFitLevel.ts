/**
 * How much the toolbar must fold to fit its width: level 0 shows everything with labels;
 * each level folds one more thing (labels to icons, then groups into the "More" menu). After
 * every render the level goes up while the toolbar overflows (before paint, so nothing
 * flickers), remembering the width each level needed; when the toolbar grows wide enough
 * for the previous level, it goes back down. A new `contentKey` (run state, document name)
 * starts over, since the widths changed.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export function useFitLevel(ref: RefObject<HTMLElement | null>, maxLevel: number, contentKey: string): number {
  const [level, setLevel] = useState(0);
  const need = useRef<number[]>([]);
  const key = useRef(contentKey);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (key.current !== contentKey) {
      key.current = contentKey;
      need.current = [];
      if (level !== 0) {
        setLevel(0);
        return;
      }
    }
    if (el.scrollWidth > el.clientWidth && level < maxLevel) {
      need.current[level] = el.scrollWidth;
      setLevel(level + 1);
    }
  });

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      setLevel((current) => {
        const width = el.clientWidth;
        if (el.scrollWidth > width) {
          need.current[current] = el.scrollWidth;
          return Math.min(maxLevel, current + 1);
        }
        let l = current;
        while (l > 0 && (need.current[l - 1] ?? Infinity) <= width) l--;
        return l;
      });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, maxLevel]);

  return level;
}
