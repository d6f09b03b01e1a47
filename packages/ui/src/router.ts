import { useEffect, useState } from 'preact/hooks';

/** The app's one piece of routing: the URL is the state, history entries are the back button. */
export interface Location {
  pathname: string;
  search: string;
}

const listeners = new Set<() => void>();
const current = (): Location => ({ pathname: location.pathname, search: location.search });

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export function useLocation(): Location {
  const [value, setValue] = useState(current);
  useEffect(() => {
    const update = () =>
      setValue((last) => {
        const next = current();
        return next.pathname === last.pathname && next.search === last.search ? last : next;
      });
    listeners.add(update);
    addEventListener('popstate', update);
    // Children's effects run before this one: a navigation in one (a redirect) is picked up here.
    update();
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return value;
}

/** A plain left click on an in-app link moves without reloading; others (new tab…) are the browser's. */
export function onLinkClick(event: MouseEvent): void {
  // Element, not HTMLAnchorElement: the scatter's links are SVG <a> elements.
  const anchor = (event.target as Element).closest('a') as Element | null;
  const href = anchor?.getAttribute('href');
  if (!anchor || !href || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.getAttribute('target') || anchor.hasAttribute('download')) return;
  const url = new URL(href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
