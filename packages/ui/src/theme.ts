import { useEffect, useState } from 'preact/hooks';

export type Theme = 'light' | 'dark';

const KEY = 'otel-lab.theme';
const media = () => matchMedia('(prefers-color-scheme: dark)');

/** Before the first render, so a remembered choice does not flash the system's theme first. */
export function applyStoredTheme(): void {
  const value = localStorage.getItem(KEY);
  if (value === 'light' || value === 'dark') document.documentElement.dataset.theme = value;
}

/** The system's theme until the toggle is used; the choice is a preference, kept in local storage. */
export function useTheme(): [Theme, () => void] {
  const stored = () => {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  };
  const [theme, setTheme] = useState<Theme>(() => stored() ?? (media().matches ? 'dark' : 'light'));
  useEffect(() => {
    const follow = () => {
      if (!stored()) setTheme(media().matches ? 'dark' : 'light');
    };
    const query = media();
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  // Only a chosen theme is written on the page: the system's is the stylesheet's media query, so
  // a change of the system's theme applies at once, before this app has even started listening.
  useEffect(() => {
    if (stored()) document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
  }, [theme]);
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    setTheme(next);
  };
  return [theme, toggle];
}
