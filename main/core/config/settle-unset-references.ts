import type { ConfigPathSegment } from './config-problem';
import { isPlainObject, type UnsetVariable } from './expand-env-references';

/**
 * A base_url whose `${VAR}` is unset: the schema needs a URL, and the provider
 * must still exist for its routes to load. Requests to it are answered with an
 * error naming the variable (see findUnusableProviders); nothing is sent here.
 */
export const UNSET_BASE_URL = 'http://unset-variable.invalid';

/**
 * Values that came out empty because their `${VAR}` is unset (or empty) are
 * skipped rather than refused, so a seed config whose optional secrets are not
 * in this shell still starts: a list item is dropped (a fallback key, a model),
 * a setting is left out as if not written (its default applies), a base_url is
 * kept as a placeholder, a custom header stays empty (which removes the header,
 * as documented). A route whose provider is unset is skipped. Each variable's
 * `effect` says which, for its warning.
 */
export function settleUnsetReferences(input: { value: unknown; unsetVariables: readonly UnsetVariable[] }): {
  value: unknown;
  unsetVariables: UnsetVariable[];
} {
  const value = structuredClone(input.value);
  const removals: ConfigPathSegment[][] = [];
  const unsetVariables = input.unsetVariables.map((variable): UnsetVariable => {
    const current = valueAt(value, variable.path);
    if (typeof current !== 'string' || current.trim() !== '') return variable;
    const { path } = variable;
    const field = path.at(-1);
    if (path[0] === 'providers' && path.length === 3 && field === 'base_url') {
      setAt(value, path, UNSET_BASE_URL);
      return { ...variable, effect: `provider ${String(path[1])} is not used until it is set` };
    }
    if (path[0] === 'providers' && path[2] === 'custom_headers') {
      return { ...variable, effect: 'the header is removed from requests' };
    }
    if (path[0] === 'routes' && path.length === 3 && field === 'provider') {
      removals.push(path.slice(0, 2));
      return { ...variable, effect: `route ${String(path[1])} is skipped` };
    }
    removals.push(path);
    if (typeof field === 'number') return { ...variable, effect: 'this entry is skipped' };
    if (path[0] === 'providers' && field === 'api_key') {
      const fallbacks = valueAt(value, ['providers', path[1]!, 'fallback_keys']);
      const hasFallback =
        Array.isArray(fallbacks) && fallbacks.some((key) => typeof key === 'string' && key.trim() !== '');
      return {
        ...variable,
        effect: hasFallback
          ? `provider ${String(path[1])} uses its fallback keys`
          : `provider ${String(path[1])} has no key, so its requests are answered with an error naming this variable`,
      };
    }
    return { ...variable, effect: 'the setting is left out' };
  });
  // Deepest and last first, so earlier list indexes stay right.
  removals.sort(comparePathsForRemoval);
  for (const path of removals) removeAt(value, path);
  return { value, unsetVariables };
}

function comparePathsForRemoval(a: ConfigPathSegment[], b: ConfigPathSegment[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const left = a[index]!;
    const right = b[index]!;
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return right - left;
    return String(left) < String(right) ? -1 : 1;
  }
  return b.length - a.length;
}

function valueAt(value: unknown, path: readonly ConfigPathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

function setAt(value: unknown, path: readonly ConfigPathSegment[], next: unknown): void {
  const parent = valueAt(value, path.slice(0, -1));
  const key = path.at(-1)!;
  if (Array.isArray(parent) && typeof key === 'number') parent[key] = next;
  else if (isPlainObject(parent)) parent[String(key)] = next;
}

function removeAt(value: unknown, path: readonly ConfigPathSegment[]): void {
  const parent = valueAt(value, path.slice(0, -1));
  const key = path.at(-1)!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (isPlainObject(parent)) delete parent[String(key)];
}
