import type { Converted, JsonSchema, Warning } from '../canonical/types';
import { isRecord, readInteger, readNumber } from './read-gemini-json';

/*
 * JSON Schema (as Claude Code, Codex and MCP servers write it) → the OpenAPI
 * 3.0 subset Gemini's `Schema` accepts in `functionDeclarations[].parameters`.
 * Gemini answers 400 for any unknown key (`$schema`, `additionalProperties`,
 * `const`, `propertyNames`…), for `enum` on non-strings, for `properties` or
 * `required` on non-objects and for an OBJECT with no properties, so this
 * keeps only the keys below and rewrites what it can:
 * `$ref`/`$defs` inlined, `allOf` merged, `oneOf` → `anyOf`, `const` → `enum`,
 * `type: [x, "null"]` / `anyOf` with a null branch → `nullable`,
 * `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum`.
 * Sources: ai.google.dev/api/caching#Schema, the @google/genai `Schema` type.
 */
export const GEMINI_SCHEMA_KEYS: readonly string[] = [
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'propertyOrdering',
  'minProperties',
  'maxProperties',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'anyOf',
];

/** Formats Gemini (AI Studio) accepts per type; others are a 400 there. */
const FORMATS: Record<string, readonly string[]> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
};

/** Keys we read or translate; anything else is reported as dropped. */
const HANDLED_KEYS = new Set([
  ...GEMINI_SCHEMA_KEYS,
  '$ref',
  '$defs',
  'definitions',
  'allOf',
  'oneOf',
  'const',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'prefixItems',
]);

const MAX_DEPTH = 32;

interface Context {
  root: JsonSchema;
  refStack: string[];
  dropped: Set<string>;
  warnings: Warning[];
}

export function reduceJsonSchemaForGemini(schema: JsonSchema): Converted<JsonSchema> {
  const context: Context = { root: schema, refStack: [], dropped: new Set(), warnings: [] };
  const value = reduceNode(schema, context, 0, true);
  if (context.dropped.size > 0) {
    context.warnings.unshift({
      code: 'schema-keywords-dropped',
      message: `JSON Schema keywords Gemini does not accept were dropped: ${[...context.dropped].sort().join(', ')}.`,
    });
  }
  return { value, warnings: context.warnings };
}

function warn(context: Context, code: string, message: string): void {
  if (!context.warnings.some((warning) => warning.code === code && warning.message === message))
    context.warnings.push({ code, message });
}

function resolveRef(ref: string, context: Context): JsonSchema | undefined {
  if (ref === '#') return context.root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  const table = context.root[match[1] as string];
  const name = (match[2] as string).replace(/~1/g, '/').replace(/~0/g, '~');
  return isRecord(table) && isRecord(table[name]) ? table[name] : undefined;
}

function reduceNode(input: unknown, context: Context, depth: number, isRoot = false): JsonSchema {
  if (!isRecord(input)) return {};
  if (depth > MAX_DEPTH) {
    warn(context, 'schema-too-deep', 'A schema nested deeper than 32 levels was cut off.');
    return typeof input.description === 'string' ? { description: input.description } : {};
  }
  let node: JsonSchema = input;

  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    const target = resolveRef(ref, context);
    const { $ref: _ref, ...siblings } = node;
    if (!target || context.refStack.includes(ref)) {
      warn(
        context,
        'schema-ref-unresolved',
        `$ref ${ref} is ${target ? 'recursive' : 'unresolvable'}; it was left untyped.`,
      );
      return typeof siblings.description === 'string' ? { description: siblings.description } : {};
    }
    context.refStack.push(ref);
    const resolved = reduceNode({ ...target, ...siblings }, context, depth + 1);
    context.refStack.pop();
    return resolved;
  }

  if (Array.isArray(node.allOf)) {
    warn(context, 'schema-allof-merged', 'allOf was merged into one schema.');
    const { allOf, ...rest } = node;
    node = (allOf as unknown[])
      .filter(isRecord)
      .reduce<JsonSchema>((merged, branch) => mergeSchemas(merged, branch), rest);
  }

  for (const key of Object.keys(node)) if (!HANDLED_KEYS.has(key)) context.dropped.add(key);

  const out: JsonSchema = {};
  if (typeof node.title === 'string') out.title = node.title;
  if (typeof node.description === 'string') out.description = node.description;

  const types = (Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type])
    .filter((type): type is string => typeof type === 'string')
    .map((type) => type.toLowerCase());
  let nullable = types.includes('null') || node.nullable === true;
  const nonNull = types.filter((type) => type !== 'null');

  if (nonNull.length > 1) {
    out.anyOf = nonNull.map((type) => {
      const { description: _description, title: _title, ...rest } = node;
      return reduceNode({ ...rest, type }, context, depth + 1);
    });
    if (nullable) out.nullable = true;
    return out;
  }
  let type = nonNull[0];

  const branches = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : undefined;
  if (branches) {
    const isNull = (branch: unknown): boolean =>
      isRecord(branch) && branch.type === 'null' && Object.keys(branch).length <= 2;
    if (branches.some(isNull)) nullable = true;
    const reduced = branches
      .filter((branch) => !isNull(branch))
      .map((branch) => reduceNode(branch, context, depth + 1));
    const stringEnums = reduced.every(
      (branch) => branch.type === 'string' && Array.isArray(branch.enum) && branch.properties === undefined,
    );
    if (reduced.length === 1 || (reduced.length > 1 && stringEnums)) {
      const merged =
        reduced.length === 1
          ? (reduced[0] as JsonSchema)
          : { type: 'string', enum: [...new Set(reduced.flatMap((branch) => branch.enum as string[]))] };
      for (const [key, value] of Object.entries(merged)) if (!(key in out)) out[key] = value;
    } else if (reduced.length > 1) {
      out.anyOf = reduced;
    }
    if (nullable) out.nullable = true;
    if (reduced.length !== 0) return out;
  }

  let values: unknown[] | undefined = Array.isArray(node.enum)
    ? node.enum
    : node.const !== undefined
      ? [node.const]
      : undefined;
  if (values) {
    if (values.includes(null)) nullable = true;
    values = values.filter((value) => value !== null);
    const allStrings = values.every((value) => typeof value === 'string');
    if (type === undefined && values.every((value) => typeof value === 'boolean')) type = 'boolean';
    if ((type === undefined || type === 'string') && allStrings) {
      type = 'string';
      out.enum = values;
    } else if (type === undefined) {
      type = 'string';
      out.enum = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
      warn(context, 'schema-enum-stringified', 'A non-string enum without a type was sent as a string enum.');
    } else if (values.length > 0) {
      const allowed = values.map((value) => JSON.stringify(value)).join(', ');
      out.description = `${out.description ? `${out.description} ` : ''}Allowed values: ${allowed}.`;
      warn(
        context,
        'schema-enum-described',
        `Gemini accepts enum only on strings: the ${type} enum moved into the description.`,
      );
    }
  }

  if (type === undefined && isRecord(node.properties)) type = 'object';
  if (type === undefined && (node.items !== undefined || node.prefixItems !== undefined)) type = 'array';

  if (type === 'object') reduceObject(node, out, context, depth, isRoot);
  else if (type !== undefined) out.type = type;
  if (type === 'array') reduceArray(node, out, context, depth);
  if (type === 'string') {
    const minLength = readInteger(node.minLength);
    const maxLength = readInteger(node.maxLength);
    if (minLength !== undefined) out.minLength = minLength;
    if (maxLength !== undefined) out.maxLength = maxLength;
    if (typeof node.pattern === 'string') out.pattern = node.pattern;
  }
  if (type === 'number' || type === 'integer') reduceNumber(node, out, type);

  if (typeof node.format === 'string' && type !== undefined) {
    if (FORMATS[type]?.includes(node.format)) out.format = node.format;
    else
      warn(
        context,
        'schema-format-dropped',
        `Gemini does not accept format "${node.format}" on ${type}; it was dropped.`,
      );
  }
  if (nullable) out.nullable = true;
  return out;
}

function reduceObject(
  node: JsonSchema,
  out: JsonSchema,
  context: Context,
  depth: number,
  isRoot: boolean,
): void {
  const properties = isRecord(node.properties) ? node.properties : {};
  const names = Object.keys(properties);
  if (names.length === 0 && !isRoot) {
    // Gemini rejects an OBJECT without properties; an untyped schema still lets the model write any object.
    warn(
      context,
      'schema-free-form-object',
      'An object without declared properties (a free-form map) was left untyped: Gemini rejects empty OBJECT schemas.',
    );
    return;
  }
  out.type = 'object';
  out.properties = Object.fromEntries(
    names.map((name) => [name, reduceNode(properties[name], context, depth + 1)]),
  );
  if (Array.isArray(node.required)) {
    const required = node.required.filter(
      (name): name is string => typeof name === 'string' && names.includes(name),
    );
    if (required.length !== node.required.length)
      warn(
        context,
        'schema-required-filtered',
        'required listed properties that are not declared; they were removed.',
      );
    if (required.length > 0) out.required = required;
  }
  if (Array.isArray(node.propertyOrdering))
    out.propertyOrdering = node.propertyOrdering.filter(
      (name) => typeof name === 'string' && names.includes(name),
    );
  const minProperties = readInteger(node.minProperties);
  const maxProperties = readInteger(node.maxProperties);
  if (minProperties !== undefined) out.minProperties = minProperties;
  if (maxProperties !== undefined) out.maxProperties = maxProperties;
}

function reduceArray(node: JsonSchema, out: JsonSchema, context: Context, depth: number): void {
  const tuple = Array.isArray(node.prefixItems)
    ? node.prefixItems
    : Array.isArray(node.items)
      ? node.items
      : undefined;
  if (tuple) {
    warn(
      context,
      'schema-tuple-merged',
      'A tuple (prefixItems / items array) became an array of anyOf its item types.',
    );
    const reduced = tuple.map((item) => reduceNode(item, context, depth + 1));
    out.items = reduced.length === 1 ? reduced[0] : { anyOf: reduced };
  } else if (isRecord(node.items) && Object.keys(node.items).length > 0) {
    out.items = reduceNode(node.items, context, depth + 1);
  } else {
    // Gemini requires `items` on ARRAY.
    warn(context, 'schema-array-items-added', 'An array without an item schema was given string items.');
    out.items = { type: 'string' };
  }
  const minItems = readInteger(node.minItems);
  const maxItems = readInteger(node.maxItems);
  if (minItems !== undefined) out.minItems = minItems;
  if (maxItems !== undefined) out.maxItems = maxItems;
}

function reduceNumber(node: JsonSchema, out: JsonSchema, type: 'number' | 'integer'): void {
  // Draft 6+ exclusive bounds are numbers; an integer bound moves by one, a number bound becomes inclusive.
  const step = type === 'integer' ? 1 : 0;
  let minimum = readNumber(node.minimum);
  let maximum = readNumber(node.maximum);
  const exclusiveMinimum = readNumber(node.exclusiveMinimum);
  const exclusiveMaximum = readNumber(node.exclusiveMaximum);
  if (exclusiveMinimum !== undefined) minimum = Math.max(minimum ?? -Infinity, exclusiveMinimum + step);
  if (exclusiveMaximum !== undefined) maximum = Math.min(maximum ?? Infinity, exclusiveMaximum - step);
  if (minimum !== undefined) out.minimum = minimum;
  if (maximum !== undefined) out.maximum = maximum;
}

function mergeSchemas(base: JsonSchema, extra: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...extra, ...base };
  if (isRecord(base.properties) || isRecord(extra.properties)) {
    merged.properties = {
      ...(isRecord(extra.properties) ? extra.properties : {}),
      ...(isRecord(base.properties) ? base.properties : {}),
    };
  }
  const required = [base.required, extra.required].flatMap((list) => (Array.isArray(list) ? list : []));
  if (required.length > 0) merged.required = [...new Set(required)];
  return merged;
}
