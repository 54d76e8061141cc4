import { isDeepStrictEqual } from 'node:util';
import { isCollection, isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import type { ConfigPathSegment } from './config-problem';
import { isEncryptablePath } from './decrypt-config-secrets';
import { isPlainObject, type EnvReference } from './expand-env-references';
import { childSchema, defaultOf, fillsIn, isChoice, schemaAt } from './find-schema-defaults';
import type { SecretBox } from './secret-box';

/** Fields whose `false` is the schema default, so a new entry need not spell them out. */
const FALSE_BY_DEFAULT = new Set(['disabled', 'enable_proxy']);

/**
 * Patches a YAML document from `previous` to `next` touching only what
 * changed, so comments, ordering and quoting of everything else survive.
 * A string that came from (or equals the value of) a `${VAR}` reference is
 * written back as the reference, never as the secret.
 */
export function applyConfigChanges(input: {
  document: Document;
  previous: unknown;
  next: unknown;
  envRefs: readonly EnvReference[];
  env: NodeJS.ProcessEnv;
  /** Present: a new provider key is written encrypted (`enc:v1:…`). */
  secretBox?: SecretBox;
  /** The config's schema: a newly written entry leaves out the fields it would fill in with their defaults. */
  schema?: z.ZodType;
}): { changedPaths: ConfigPathSegment[][] } {
  const { document } = input;
  const changedPaths: ConfigPathSegment[][] = [];
  const restore = createReferenceRestorer(input.envRefs, input.env, input.secretBox);

  const hasMapAt = (path: ConfigPathSegment[]): boolean =>
    path.length === 0 ? isMap(document.contents) : isMap(document.getIn(path, true));

  const remove = (path: ConfigPathSegment[]): void => {
    if (document.hasIn(path)) {
      document.deleteIn(path);
      changedPaths.push(path);
    }
  };

  const set = (path: ConfigPathSegment[], value: unknown, siblingOrder: readonly string[]): void => {
    const restored = restore(path, value);
    const existing = path.length === 0 ? undefined : document.getIn(path, true);
    if (isScalar(existing) && isScalarValue(restored)) {
      // In place, so the value keeps its quoting style and trailing comment.
      existing.value = restored;
      changedPaths.push(path);
      return;
    }
    const parentPath = path.slice(0, -1);
    ensureBlockMap(document, parentPath);
    const node = document.createNode(pruneDefaults(restored, schemaAt(input.schema, path)));
    if (isCollection(node)) node.flow = false;
    const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
    const key = path.at(-1);
    if (isMap(parent) && typeof key === 'string' && !parent.has(key)) {
      parent.items.splice(insertionIndex(parent, key, siblingOrder), 0, document.createPair(key, node));
    } else {
      document.setIn(path, node);
    }
    changedPaths.push(path);
  };

  const patch = (
    path: ConfigPathSegment[],
    previous: unknown,
    next: unknown,
    siblingOrder: readonly string[],
  ): void => {
    if (isDeepStrictEqual(previous, next)) return;
    if (next === undefined) return remove(path);
    if (isPlainObject(previous) && isPlainObject(next) && hasMapAt(path)) {
      for (const key of Object.keys(previous)) {
        if (next[key] === undefined) remove([...path, key]);
      }
      const order = Object.keys(next);
      for (const [key, value] of Object.entries(next)) patch([...path, key], previous[key], value, order);
      return;
    }
    set(path, next, siblingOrder);
  };

  patch([], input.previous, input.next, []);
  return { changedPaths };
}

/**
 * A new key goes right after the nearest key that precedes it in `order`
 * (schema order: `default_route` lands next to `log_retention_days`, not at
 * the end of the file); with none, at the end.
 */
function insertionIndex(parent: YAMLMap, key: string, order: readonly string[]): number {
  const position = order.indexOf(key);
  for (let index = position - 1; index >= 0; index -= 1) {
    const before = order[index];
    const found = parent.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === before);
    if (found !== -1) return found + 1;
  }
  return position === -1 ? parent.items.length : 0;
}

function isScalarValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** An empty `providers: {}` written flow-style becomes a block map once it gets entries. */
function ensureBlockMap(document: Document, path: ConfigPathSegment[]): void {
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  if (isMap(node) && node.flow && node.items.length === 0) node.flow = false;
}

function createReferenceRestorer(
  envRefs: readonly EnvReference[],
  env: NodeJS.ProcessEnv,
  secretBox: SecretBox | undefined,
): (path: ConfigPathSegment[], value: unknown) => unknown {
  const byPath = new Map(envRefs.map((reference) => [reference.path.join('\u0000'), reference]));
  const byExpanded = new Map<string, string>();
  for (const reference of envRefs) {
    if (reference.expanded !== '') byExpanded.set(reference.expanded, reference.template);
  }
  // A value equal to a variable the file already uses (a key moved from
  // api_key to fallback_keys, say) is written as that variable.
  for (const variable of new Set(envRefs.flatMap((reference) => reference.variables))) {
    const resolved = env[variable];
    if (resolved !== undefined && resolved !== '' && !byExpanded.has(resolved))
      byExpanded.set(resolved, `\${${variable}}`);
  }

  const restore = (path: ConfigPathSegment[], value: unknown): unknown => {
    if (typeof value === 'string') {
      const original = byPath.get(path.join('\u0000'));
      if (original !== undefined && original.expanded === value) return original.template;
      const reference = byExpanded.get(value);
      if (reference !== undefined) return reference;
      // A key typed in (not a `${VAR}`, not already encrypted) is stored encrypted.
      if (secretBox && value !== '' && !value.includes('${') && isEncryptablePath(path))
        return secretBox.encrypt(value);
      return value;
    }
    if (Array.isArray(value)) return value.map((item, index) => restore([...path, index], item));
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [key, restore([...path, key], child)]),
      );
    }
    return value;
  };
  return restore;
}

/**
 * Drops what the schema would fill in anyway from a newly written entry,
 * keeping the file short: empty lists and maps, and (given the schema) every
 * field equal to its default, in nested maps and list items too.
 */
function pruneDefaults(value: unknown, schema: z.ZodType | undefined): unknown {
  if (Array.isArray(value))
    return value.map((item, index) => pruneDefaults(item, childSchema(schema, index)));
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (Array.isArray(child) && child.length === 0) continue;
    if (child === false && FALSE_BY_DEFAULT.has(key)) continue;
    if (isPlainObject(child) && Object.keys(child).length === 0) continue;
    const fieldSchema = childSchema(schema, key);
    if (isDefaultValue(child, fieldSchema)) continue;
    const pruned = pruneDefaults(child, fieldSchema);
    // A map left empty by pruning goes too when the schema fills it in; an optional one (`lockout: {}`) is kept, as it is on.
    if (isPlainObject(pruned) && Object.keys(pruned).length === 0 && fillsIn(fieldSchema)) continue;
    result[key] = pruned;
  }
  return result;
}

/**
 * What the schema would fill in for a field left out: a scalar equal to its
 * default, or a whole section equal to what the schema makes of nothing. A
 * choice (an enum: `match: command`, `action: block`, `window: day`) is kept
 * in a written entry even at its default, since it says what the entry does.
 */
function isDefaultValue(value: unknown, schema: z.ZodType | undefined): boolean {
  if (schema === undefined || !fillsIn(schema)) return false;
  if (isPlainObject(value)) {
    const filled = schema.safeParse(undefined);
    return filled.success && isDeepStrictEqual(filled.data, value);
  }
  const fallback = defaultOf(schema);
  return fallback !== undefined && !isChoice(schema) && isDeepStrictEqual(value, fallback.value);
}
