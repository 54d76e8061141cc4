import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../main/core/protocols/canonical/types';
import { GEMINI_SCHEMA_KEYS, reduceJsonSchemaForGemini } from '../../../main/core/protocols/gemini';
import { loadClientCaptures } from '../../helpers/fixtures';

const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
const FORMATS: Record<string, string[]> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
};

/** Every rule Gemini's Schema validation enforces that we know of; returns the violations found. */
function violations(schema: unknown, path: string, isRoot: boolean): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return [`${path}: not an object`];
  const node = schema as JsonSchema;
  const found: string[] = [];
  for (const key of Object.keys(node))
    if (!GEMINI_SCHEMA_KEYS.includes(key)) found.push(`${path}: key ${key}`);
  if (node.type !== undefined && !TYPES.includes(node.type as string))
    found.push(`${path}: type ${JSON.stringify(node.type)}`);
  if (
    node.enum !== undefined &&
    (node.type !== 'string' || !(node.enum as unknown[]).every((value) => typeof value === 'string'))
  )
    found.push(`${path}: enum on ${String(node.type)}`);
  if ((node.properties !== undefined || node.required !== undefined) && node.type !== 'object')
    found.push(`${path}: properties on ${String(node.type)}`);
  if (node.type === 'object') {
    const names = Object.keys((node.properties ?? {}) as object);
    if (names.length === 0 && !isRoot) found.push(`${path}: empty OBJECT`);
    for (const name of (node.required ?? []) as string[])
      if (!names.includes(name)) found.push(`${path}: required ${name} undeclared`);
    for (const name of names)
      found.push(...violations((node.properties as JsonSchema)[name], `${path}.${name}`, false));
  }
  if (node.type === 'array') {
    if (node.items === undefined) found.push(`${path}: array without items`);
    else found.push(...violations(node.items, `${path}[]`, false));
  }
  if (node.format !== undefined && !(FORMATS[node.type as string] ?? []).includes(node.format as string))
    found.push(`${path}: format ${String(node.format)}`);
  if (node.anyOf !== undefined)
    (node.anyOf as unknown[]).forEach((branch, index) =>
      found.push(...violations(branch, `${path}.anyOf[${index}]`, false)),
    );
  return found;
}

interface NamedSchema {
  source: string;
  name: string;
  schema: JsonSchema;
}

/** Tool schemas as Claude Code (tools[].input_schema) and Codex (tools[].parameters, additional_tools namespaces) send them. */
function captureSchemas(): NamedSchema[] {
  const found: NamedSchema[] = [];
  const visit = (source: string, tool: unknown): void => {
    if (typeof tool !== 'object' || tool === null) return;
    const record = tool as Record<string, unknown>;
    const schema = record.input_schema ?? record.parameters;
    if (typeof schema === 'object' && schema !== null)
      found.push({ source, name: String(record.name), schema: schema as JsonSchema });
    if (Array.isArray(record.tools)) for (const inner of record.tools) visit(source, inner);
  };
  for (const capture of loadClientCaptures(/^(claude-|codex-|model-gpt-5-codex)/)) {
    for (const tool of (capture.body.tools ?? []) as unknown[]) visit(capture.file, tool);
    for (const item of (capture.body.input ?? []) as unknown[]) visit(capture.file, item);
  }
  return found;
}

describe('reduceJsonSchemaForGemini', () => {
  const schemas = captureSchemas();

  it('finds the Claude Code and Codex tool schemas', () => {
    expect(schemas.filter((item) => item.source.startsWith('claude-')).length).toBeGreaterThan(20);
    expect(schemas.filter((item) => item.source.startsWith('codex-')).length).toBeGreaterThan(3);
  });

  it('leaves only what Gemini accepts in every captured tool schema', () => {
    const problems = schemas.flatMap(({ source, name, schema }) =>
      violations(reduceJsonSchemaForGemini(schema).value, `${source}:${name}`, true),
    );
    expect(problems).toEqual([]);
  });

  it('keeps every declared property of the captured schemas', () => {
    for (const { schema } of schemas) {
      const reduced = reduceJsonSchemaForGemini(schema).value;
      expect(Object.keys((reduced.properties ?? {}) as object)).toEqual(
        Object.keys((schema.properties ?? {}) as object),
      );
    }
  });

  it('the checker itself rejects the raw Claude Code schemas', () => {
    const read = schemas.find((item) => item.name === 'Read');
    expect(violations(read?.schema, 'Read', true).length).toBeGreaterThan(0);
  });

  it('rewrites what it can', () => {
    const { value, warnings } = reduceJsonSchemaForGemini({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      properties: {
        point: { $ref: '#/$defs/Point', description: 'where' },
        mode: { const: 'fast' },
        label: { type: ['string', 'null'], format: 'uri', default: 'a' },
        status: {
          anyOf: [
            { type: 'string', enum: ['a', 'b'] },
            { type: 'string', const: 'c' },
          ],
        },
        maybe: { anyOf: [{ type: 'integer', exclusiveMinimum: 0 }, { type: 'null' }] },
        level: { type: 'integer', enum: [1, 2, 3] },
        either: { type: ['string', 'number'] },
        metadata: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
        list: { type: 'array' },
        merged: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } } },
            { properties: { b: { type: 'string' } }, required: ['b'] },
          ],
        },
      },
      required: ['point', 'ghost'],
      additionalProperties: false,
    });
    expect(value).toEqual({
      type: 'object',
      properties: {
        point: {
          description: 'where',
          type: 'object',
          properties: { x: { type: 'number' } },
          required: ['x'],
        },
        mode: { type: 'string', enum: ['fast'] },
        label: { type: 'string', nullable: true },
        status: { type: 'string', enum: ['a', 'b', 'c'] },
        maybe: { type: 'integer', minimum: 1, nullable: true },
        level: { type: 'integer', description: 'Allowed values: 1, 2, 3.' },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        metadata: {},
        list: { type: 'array', items: { type: 'string' } },
        merged: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'string' } },
          required: ['b'],
        },
      },
      required: ['point'],
    });
    const codes = warnings.map((warning) => warning.code);
    for (const code of [
      'schema-keywords-dropped',
      'schema-format-dropped',
      'schema-enum-described',
      'schema-free-form-object',
      'schema-array-items-added',
      'schema-required-filtered',
      'schema-allof-merged',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('survives recursive references', () => {
    const { value, warnings } = reduceJsonSchemaForGemini({
      type: 'object',
      properties: { tree: { $ref: '#/$defs/Node' } },
      $defs: {
        Node: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          },
        },
      },
    });
    expect(value).toEqual({
      type: 'object',
      properties: {
        tree: {
          type: 'object',
          properties: { name: { type: 'string' }, children: { type: 'array', items: {} } },
        },
      },
    });
    expect(warnings.map((warning) => warning.code)).toContain('schema-ref-unresolved');
  });
});
