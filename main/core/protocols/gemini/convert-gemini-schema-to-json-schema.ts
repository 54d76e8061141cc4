import type { JsonSchema } from '../canonical/types';
import { isRecord } from './read-gemini-json';

/**
 * Gemini's OpenAPI `Schema` (`parameters`, `responseSchema`: upper-case types,
 * `nullable`, `format: "enum"`) → plain JSON Schema, so encoders for other
 * protocols get the dialect they expect.
 */
export function convertGeminiSchemaToJsonSchema(schema: unknown): JsonSchema {
  if (!isRecord(schema)) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'type':
        out.type = typeof value === 'string' ? value.toLowerCase() : value;
        break;
      case 'nullable':
      case 'propertyOrdering':
        break;
      case 'format':
        if (value !== 'enum') out.format = value;
        break;
      case 'properties':
        out.properties = isRecord(value)
          ? Object.fromEntries(
              Object.entries(value).map(([name, child]) => [name, convertGeminiSchemaToJsonSchema(child)]),
            )
          : value;
        break;
      case 'items':
        out.items = convertGeminiSchemaToJsonSchema(value);
        break;
      case 'anyOf':
        out.anyOf = Array.isArray(value) ? value.map(convertGeminiSchemaToJsonSchema) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}
