import { useSyncExternalStore } from 'react';

/*
 * The hash router, with a query inside the hash (`#/traces?status=error`):
 * wouter's own hash hook puts the query in `location.search`, where it would
 * stick to every other page and be lost from a copied `#/…` link. Keeping it
 * in the hash makes a filtered view one shareable fragment.
 */

let listeners: (() => void)[] = [];

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.push(listener) === 1) addEventListener('hashchange', notify);
  return () => {
    listeners = listeners.filter((other) => other !== listener);
    if (listeners.length === 0) removeEventListener('hashchange', notify);
  };
}

function hashParts(): [path: string, search: string] {
  const hash = location.hash.replace(/^#?\/?/, '');
  const queryAt = hash.indexOf('?');
  return queryAt < 0 ? [`/${hash}`, ''] : [`/${hash.slice(0, queryAt)}`, hash.slice(queryAt + 1)];
}

const currentPath = (): string => hashParts()[0];
const currentSearch = (): string => hashParts()[1];

/** Moves to `to` (`/traces?status=error`), in history or replacing the current entry. */
export function navigateHash(to: string, options: { replace?: boolean } = {}): void {
  const oldURL = location.href;
  const url = new URL(oldURL);
  url.hash = to.startsWith('/') ? to : `/${to}`;
  history[options.replace ? 'replaceState' : 'pushState'](null, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: url.href }));
}

/** wouter's location hook: the hash's path, without its query. */
export function useHashRoute(): [string, (to: string, options?: { replace?: boolean }) => void] {
  return [useSyncExternalStore(subscribe, currentPath, () => '/'), navigateHash];
}
useHashRoute.hrefs = (href: string): string => `#${href}`;

/** wouter's search hook: the query inside the hash. */
export function useHashSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch, () => '');
}
