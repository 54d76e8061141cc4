import { invalidRequest } from '../canonical/errors';
import type { Converted, ToolDefinition, Warning } from '../canonical/types';
import {
  isRecord,
  requestBoolean,
  requestRecord,
  requestString,
  requiredRequestString,
} from './read-json-values';

/** `web_search`, `web_search_preview` and their dated variants. */
export function isWebSearchToolType(type: string): boolean {
  return type === 'web_search' || type.startsWith('web_search_');
}

const FUNCTION_FIELDS = new Set(['type', 'name', 'description', 'parameters', 'strict']);
const CUSTOM_FIELDS = new Set(['type', 'name', 'description', 'format']);

/** Fields of a tool definition the canonical model does not hold (defer_loading…), kept for a Responses upstream. */
function extraOf(tool: Record<string, unknown>, modelled: ReadonlySet<string>) {
  const fields = Object.fromEntries(Object.entries(tool).filter(([key]) => !modelled.has(key)));
  return Object.keys(fields).length > 0 ? { extra: { protocol: 'openai-responses' as const, fields } } : {};
}

function convertTool(input: {
  tool: unknown;
  field: string;
  namespace?: string;
  namespaceDescription?: string;
  value: ToolDefinition[];
  warnings: Warning[];
}): void {
  const { tool, field, namespace, namespaceDescription, value, warnings } = input;
  if (!isRecord(tool)) throw invalidRequest(`${field} must be an object`);
  const type = requiredRequestString(tool.type, `${field}.type`);
  const description = requestString(tool.description, `${field}.description`);
  const inNamespace = {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(namespaceDescription ? { namespaceDescription } : {}),
  };
  switch (type) {
    case 'function': {
      const strict = requestBoolean(tool.strict, `${field}.strict`);
      value.push({
        type: 'function',
        name: requiredRequestString(tool.name, `${field}.name`),
        ...(description !== undefined ? { description } : {}),
        inputSchema: requestRecord(tool.parameters, `${field}.parameters`) ?? {
          type: 'object',
          properties: {},
        },
        ...(strict !== undefined ? { strict } : {}),
        ...inNamespace,
        ...extraOf(tool, FUNCTION_FIELDS),
      });
      return;
    }
    case 'custom':
      value.push({
        type: 'custom',
        name: requiredRequestString(tool.name, `${field}.name`),
        ...(description !== undefined ? { description } : {}),
        ...(tool.format !== undefined && tool.format !== null ? { format: tool.format } : {}),
        ...inNamespace,
        ...extraOf(tool, CUSTOM_FIELDS),
      });
      return;
    case 'namespace': {
      const name = requiredRequestString(tool.name, `${field}.name`);
      if (!Array.isArray(tool.tools)) throw invalidRequest(`${field}.tools must be an array`);
      tool.tools.forEach((nested: unknown, index) =>
        convertTool({
          tool: nested,
          field: `${field}.tools[${index}]`,
          namespace: name,
          ...(description ? { namespaceDescription: description } : {}),
          value,
          warnings,
        }),
      );
      return;
    }
    default:
      value.push({
        type: 'builtin',
        name: isWebSearchToolType(type) ? 'web_search' : type,
        protocol: 'openai-responses',
        value: tool,
      });
  }
}

/** Responses `tools` (or an `additional_tools` item's tools) → canonical definitions; namespaces are flattened onto each tool. */
export function convertResponsesTools(input: { tools: unknown; field: string }): Converted<ToolDefinition[]> {
  const value: ToolDefinition[] = [];
  const warnings: Warning[] = [];
  if (input.tools === undefined || input.tools === null) return { value, warnings };
  if (!Array.isArray(input.tools)) throw invalidRequest(`${input.field} must be an array`);
  input.tools.forEach((tool: unknown, index) =>
    convertTool({ tool, field: `${input.field}[${index}]`, value, warnings }),
  );
  return { value, warnings };
}
