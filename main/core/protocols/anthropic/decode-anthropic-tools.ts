import type {
  Converted,
  FunctionToolDefinition,
  JsonSchema,
  ToolChoice,
  ToolDefinition,
  Warning,
} from '../canonical';
import { invalidRequest } from '../canonical';
import { decodeCacheControl } from './decode-anthropic-content-block';
import { isWireObject, readBoolean, readString } from './read-wire-value';

const CUSTOM_TOOL_FIELDS = new Set([
  'type',
  'name',
  'description',
  'input_schema',
  'cache_control',
  'strict',
]);

/**
 * Canonical name of an Anthropic built-in tool type: the version date goes
 * (`web_search_20250305` → `web_search`), tool search variants share one name.
 */
export function canonicalBuiltinToolName(type: string): string {
  const name = type.replace(/_\d{8}$/, '');
  if (name.startsWith('tool_search_tool_')) return 'tool_search';
  return name;
}

function decodeCustomTool(
  tool: Record<string, unknown>,
  path: string,
  warnings: Warning[],
): FunctionToolDefinition {
  const name = readString(tool.name);
  if (name === undefined || name === '') throw invalidRequest(`${path}.name: expected a non-empty string`);
  if (!isWireObject(tool.input_schema))
    throw invalidRequest(`${path}.input_schema: expected a JSON Schema object`);
  const definition: FunctionToolDefinition = {
    type: 'function',
    name,
    inputSchema: tool.input_schema as JsonSchema,
  };
  const description = readString(tool.description);
  if (description !== undefined) definition.description = description;
  const strict = readBoolean(tool.strict);
  if (strict !== undefined) definition.strict = strict;
  const cacheControl = decodeCacheControl(tool.cache_control, warnings);
  if (cacheControl) definition.cacheControl = cacheControl;
  // defer_loading, input_examples, allowed_callers…: kept for an Anthropic upstream, warned about elsewhere.
  const extra = Object.fromEntries(Object.entries(tool).filter(([key]) => !CUSTOM_TOOL_FIELDS.has(key)));
  if (Object.keys(extra).length > 0) definition.extra = { protocol: 'anthropic', fields: extra };
  return definition;
}

/** Anthropic `tools` → canonical: custom tools become functions, typed tools (web_search_20250305…) builtins. */
export function decodeAnthropicTools(input: { tools: unknown }): Converted<ToolDefinition[]> {
  const warnings: Warning[] = [];
  if (input.tools === undefined || input.tools === null) return { value: [], warnings };
  if (!Array.isArray(input.tools)) throw invalidRequest('tools: expected an array');
  const value = input.tools.map((tool: unknown, index): ToolDefinition => {
    const path = `tools[${index}]`;
    if (!isWireObject(tool)) throw invalidRequest(`${path}: expected an object`);
    const type = readString(tool.type);
    if (type === undefined || type === 'custom') return decodeCustomTool(tool, path, warnings);
    return { type: 'builtin', name: canonicalBuiltinToolName(type), protocol: 'anthropic', value: tool };
  });
  return { value, warnings };
}

export interface DecodedToolChoice {
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
}

export function decodeAnthropicToolChoice(input: { toolChoice: unknown }): DecodedToolChoice {
  const choice = input.toolChoice;
  if (choice === undefined || choice === null) return {};
  if (!isWireObject(choice)) throw invalidRequest('tool_choice: expected an object');
  const disableParallel = readBoolean(choice.disable_parallel_tool_use);
  const decoded: DecodedToolChoice =
    disableParallel === undefined ? {} : { parallelToolCalls: !disableParallel };
  switch (choice.type) {
    case 'auto':
      return { ...decoded, toolChoice: { type: 'auto' } };
    case 'any':
      return { ...decoded, toolChoice: { type: 'required' } };
    case 'none':
      return { ...decoded, toolChoice: { type: 'none' } };
    case 'tool': {
      const name = readString(choice.name);
      if (name === undefined || name === '')
        throw invalidRequest('tool_choice.name: required when tool_choice.type is "tool"');
      return { ...decoded, toolChoice: { type: 'tool', name } };
    }
    default:
      throw invalidRequest(
        `tool_choice.type: expected "auto", "any", "tool" or "none", got ${JSON.stringify(choice.type)}`,
      );
  }
}
