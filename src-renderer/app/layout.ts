/**
 * The editor's panel layout: palette, inspector (right column) and runs panel widths,
 * the problems panel's height, and which side panels are collapsed. Resizing and collapsing
 * are the user's choice, so they are kept in localStorage and survive a reload; values read
 * back are clamped, and anything unreadable falls back to the defaults.
 */
import { create } from 'zustand';

export interface PanelLayout {
  paletteWidth: number;
  paletteCollapsed: boolean;
  rightWidth: number;
  rightCollapsed: boolean;
  runsWidth: number;
  /** Height of the problems panel when it is open. */
  problemsHeight: number;
}

/** What each size may be, in CSS pixels. */
export const LIMITS = {
  paletteWidth: { min: 180, max: 420 },
  rightWidth: { min: 300, max: 760 },
  runsWidth: { min: 340, max: 760 },
  problemsHeight: { min: 96, max: 640 },
} as const;

export type SizeKey = keyof typeof LIMITS;

export const DEFAULT_LAYOUT: PanelLayout = {
  paletteWidth: 236,
  paletteCollapsed: false,
  rightWidth: 392,
  rightCollapsed: false,
  runsWidth: 440,
  problemsHeight: 210,
};

/** Below this window width the side panels start narrower, so the canvas keeps room to show a workflow. */
export const NARROW_WINDOW = 1360;

/** The layout before the user changes anything: narrower side panels in a narrow window. */
export function defaultLayout(windowWidth?: number): PanelLayout {
  if (windowWidth === undefined || windowWidth >= NARROW_WINDOW) return { ...DEFAULT_LAYOUT };
  return { ...DEFAULT_LAYOUT, paletteWidth: 200, rightWidth: 320 };
}

/** Width of a collapsed side panel: a rail with the button that opens it again. */
export const RAIL_WIDTH = 40;
/** The canvas keeps at least this much width; below it the runs panel takes the inspector's column. */
export const MIN_CANVAS_WIDTH = 520;

const KEY = 'waymark.layout';

export function clampSize(key: SizeKey, v: number): number {
  const { min, max } = LIMITS[key];
  return Math.round(Math.min(max, Math.max(min, v)));
}

/** A stored layout, validated field by field (a stale or hand-edited entry never breaks the editor). */
export function readLayout(raw: string | null, windowWidth?: number): PanelLayout {
  let v: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) v = parsed as Record<string, unknown>;
  } catch {
    /* defaults */
  }
  const out: PanelLayout = defaultLayout(windowWidth);
  for (const k of Object.keys(LIMITS) as SizeKey[]) {
    const n = v[k];
    if (typeof n === 'number' && Number.isFinite(n)) out[k] = clampSize(k, n);
  }
  for (const k of ['paletteCollapsed', 'rightCollapsed'] as const) if (typeof v[k] === 'boolean') out[k] = v[k];
  return out;
}

/** Side panel widths the user has not set follow the window (narrower below NARROW_WINDOW). */
const AUTO_WIDTHS = ['paletteWidth', 'rightWidth'] as const;
const userSized = new Set<SizeKey>();

function load(): PanelLayout {
  try {
    const raw = localStorage.getItem(KEY);
    try {
      const v: unknown = raw ? JSON.parse(raw) : {};
      for (const k of AUTO_WIDTHS) if (v && typeof v === 'object' && k in v) userSized.add(k);
    } catch {
      /* unreadable: defaults */
    }
    return readLayout(raw, window.innerWidth);
  } catch {
    return defaultLayout(typeof window === 'undefined' ? undefined : window.innerWidth);
  }
}

export const useLayout = create<PanelLayout>()(() => load());

if (typeof window !== 'undefined')
  window.addEventListener('resize', () => {
    const d = defaultLayout(window.innerWidth);
    const patch: Partial<PanelLayout> = {};
    for (const k of AUTO_WIDTHS) if (!userSized.has(k) && useLayout.getState()[k] !== d[k]) patch[k] = d[k];
    if (Object.keys(patch).length) useLayout.setState(patch);
  });

let saveTimer: ReturnType<typeof setTimeout> | undefined;
useLayout.subscribe((s) => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    try {
      // Widths the user never set are not stored, so they keep following the window.
      const kept: Partial<PanelLayout> = { ...s };
      for (const k of AUTO_WIDTHS) if (!userSized.has(k)) delete kept[k];
      localStorage.setItem(KEY, JSON.stringify(kept));
    } catch {
      /* storage unavailable: the layout lasts for this page */
    }
  }, 150);
});

export function setSize(key: SizeKey, v: number): void {
  userSized.add(key);
  useLayout.setState({ [key]: clampSize(key, v) } as Partial<PanelLayout>);
}

export function setCollapsed(panel: 'palette' | 'right', collapsed: boolean): void {
  useLayout.setState(panel === 'palette' ? { paletteCollapsed: collapsed } : { rightCollapsed: collapsed });
}

/**
 * Whether the runs panel fits beside the inspector at this window width (docked), or takes
 * the inspector's column instead. Collapsing the palette or narrowing a panel makes room.
 */
export function runsDocked(windowWidth: number, l: PanelLayout): boolean {
  const palette = l.paletteCollapsed ? RAIL_WIDTH : l.paletteWidth;
  const right = l.rightCollapsed ? RAIL_WIDTH : l.rightWidth;
  return windowWidth >= palette + right + l.runsWidth + MIN_CANVAS_WIDTH;
}
