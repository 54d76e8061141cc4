import { invalidRequest } from '../canonical/errors';
import type { Converted, ToolChoice, ToolDefinition, Warning } from '../canonical/types';
import { convertGeminiSchemaToJsonSchema } from './convert-gemini-schema-to-json-schema';
import { isRecord, readString } from './read-gemini-json';

/** Gemini built-in tool keys → canonical builtin names. */
const BUILTIN_NAMES: Record<string, string> = {
  googleSearch: 'web_search',
  googleSearchRetrieval: 'web_search',
  codeExecution: 'code_execution',
  urlContext: 'web_fetch',
};

/** `tools[]` of a Gemini request → canonical tools. Each Tool object may hold several kinds at once. */
export function decodeGeminiTools(tools: unknown): Converted<ToolDefinition[]> {
  const value: ToolDefinition[] = [];
  if (tools === undefined || tools === null) return { value, warnings: [] };
  if (!Array.isArray(tools)) throw invalidRequest('tools must be an array');
  tools.forEach((tool: unknown, toolIndex) => {
    if (!isRecord(tool)) throw invalidRequest(`tools[${toolIndex}] must be an object`);
    for (const [key, definition] of Object.entries(tool)) {
      if (key !== 'functionDeclarations') {
        value.push({
          type: 'builtin',
          name: BUILTIN_NAMES[key] ?? key,
          protocol: 'gemini',
          value: { [key]: definition },
        });
        continue;
      }
      if (!Array.isArray(definition))
        throw invalidRequest(`tools[${toolIndex}].functionDeclarations must be an array`);
      definition.forEach((declaration: unknown, index) => {
        const path = `tools[${toolIndex}].functionDeclarations[${index}]`;
        if (!isRecord(declaration) || typeof declaration.name !== 'string' || declaration.name === '') {
          throw invalidRequest(`${path}.name must be a non-empty string`);
        }
        const isJsonSchema =
          declaration.parametersJsonSchema !== undefined && declaration.parametersJsonSchema !== null;
        const schema = isJsonSchema ? declaration.parametersJsonSchema : declaration.parameters;
        if (schema !== undefined && schema !== null && !isRecord(schema))
          throw invalidRequest(`${path}.parameters must be an object`);
        const description = readString(declaration.description);
        value.push({
          type: 'function',
          name: declaration.name,
          ...(description !== undefined ? { description } : {}),
          inputSchema: !isRecord(schema)
            ? { type: 'object', properties: {} }
            : isJsonSchema
              ? schema
              : convertGeminiSchemaToJsonSchema(schema),
        });
      });
    }
  });
  return { value, warnings: [] };
}

/** `toolConfig.functionCallingConfig` → canonical tool choice. */
export function decodeGeminiToolChoice(toolConfig: unknown): Converted<ToolChoice | undefined> {
  const warnings: Warning[] = [];
  if (toolConfig === undefined || toolConfig === null) return { value: undefined, warnings };
  if (!isRecord(toolConfig)) throw invalidRequest('toolConfig must be an object');
  const config = toolConfig.functionCallingConfig;
  if (config === undefined || config === null) return { value: undefined, warnings };
  if (!isRecord(config)) throw invalidRequest('toolConfig.functionCallingConfig must be an object');
  const mode = readString(config.mode)?.toUpperCase() ?? 'AUTO';
  const allowed = Array.isArray(config.allowedFunctionNames)
    ? config.allowedFunctionNames.filter((name): name is string => typeof name === 'string')
    : [];
  switch (mode) {
    case 'AUTO':
    case 'MODE_UNSPECIFIED':
      return { value: { type: 'auto' }, warnings };
    case 'NONE':
      return { value: { type: 'none' }, warnings };
    case 'ANY':
      if (allowed.length === 1) return { value: { type: 'tool', name: allowed[0] as string }, warnings };
      if (allowed.length > 1) {
        warnings.push({
          code: 'tool-choice-widened',
          message: 'allowedFunctionNames with several names became "any tool".',
        });
      }
      return { value: { type: 'required' }, warnings };
    case 'VALIDATED':
      warnings.push({
        code: 'tool-choice-widened',
        message: 'functionCallingConfig mode VALIDATED became auto.',
      });
      return { value: { type: 'auto' }, warnings };
    default:
      throw invalidRequest(`toolConfig.functionCallingConfig.mode: unknown mode "${mode}"`);
  }
}
