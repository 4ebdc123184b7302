/**
 * Theme: the OS setting (prefers-color-scheme) unless the user toggled it from the menu;
 * the override is kept in localStorage and applied as `<html data-theme>`, which the
 * tokens honour. Monaco follows through `onThemeChange`.
 */
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const KEY = 'waymark.theme';
const media = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
const listeners = new Set<(t: Theme) => void>();

function override(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

export function currentTheme(): Theme {
  return override() ?? (media?.matches ? 'dark' : 'light');
}

function apply(): void {
  const o = override();
  if (o) document.documentElement.dataset.theme = o;
  else delete document.documentElement.dataset.theme;
  for (const l of listeners) l(currentTheme());
}

export function toggleTheme(): void {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  try {
    // Back to following the OS when the toggle lands on what the OS says.
    if ((media?.matches ? 'dark' : 'light') === next) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    /* storage unavailable: the toggle lasts for this page only */
    document.documentElement.dataset.theme = next;
  }
  apply();
}

export function onThemeChange(cb: (t: Theme) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function initTheme(): void {
  apply();
  media?.addEventListener('change', apply);
}

/** The theme in effect, re-rendering when it changes (the toggle, or the OS setting). */
export function useTheme(): Theme {
  const [theme, setTheme] = useState(currentTheme);
  useEffect(() => onThemeChange(setTheme), []);
  return theme;
}
