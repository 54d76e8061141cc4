import type { Converted, CustomToolDefinition, ToolChoice, ToolDefinition, Warning } from '../canonical';
import { ownExtraFields } from '../canonical';
import { CUSTOM_TOOL_INPUT_PROPERTY } from './encode-anthropic-tool-input';
import { isWireObject, readString } from './read-wire-value';

type AnthropicTool = Record<string, unknown>;

function encodeCustomTool(tool: CustomToolDefinition): AnthropicTool {
  const grammar =
    tool.format === undefined ? '' : ` It must follow this format: ${JSON.stringify(tool.format)}`;
  const wire: AnthropicTool = {
    name: tool.name,
    input_schema: {
      type: 'object',
      properties: {
        [CUSTOM_TOOL_INPUT_PROPERTY]: { type: 'string', description: `The raw tool input.${grammar}` },
      },
      required: [CUSTOM_TOOL_INPUT_PROPERTY],
      additionalProperties: false,
    },
  };
  if (tool.description !== undefined) wire.description = tool.description;
  return wire;
}

/** Another protocol's web search → Anthropic's; the options that carry over are kept. */
function encodeForeignWebSearch(value: unknown): AnthropicTool {
  const tool: AnthropicTool = { type: 'web_search_20250305', name: 'web_search' };
  if (!isWireObject(value)) return tool;
  const location = value.user_location;
  if (isWireObject(location)) {
    const userLocation: AnthropicTool = { type: 'approximate' };
    for (const key of ['city', 'region', 'country', 'timezone']) {
      const field = readString(location[key]);
      if (field !== undefined) userLocation[key] = field;
    }
    tool.user_location = userLocation;
  }
  const filters = value.filters;
  if (isWireObject(filters) && Array.isArray(filters.allowed_domains))
    tool.allowed_domains = filters.allowed_domains;
  return tool;
}

/**
 * Canonical tools → Anthropic `tools`. Builtins from other protocols map by
 * canonical name where Anthropic has the same tool (web_search); others are
 * dropped with a warning. `strict` is only sent for Anthropic clients.
 */
export function encodeAnthropicTools(input: {
  tools: ToolDefinition[];
  fromAnthropic: boolean;
}): Converted<AnthropicTool[]> {
  const warnings: Warning[] = [];
  const value: AnthropicTool[] = [];
  for (const tool of input.tools) {
    switch (tool.type) {
      case 'function': {
        const schema = tool.inputSchema;
        const wire: AnthropicTool = {
          ...ownExtraFields({
            extra: tool.extra,
            protocol: 'anthropic',
            owner: `tool ${tool.name}`,
            warnings,
          }),
          name: tool.name,
          input_schema:
            isWireObject(schema) && Object.keys(schema).length > 0
              ? schema
              : { type: 'object', properties: {} },
        };
        if (tool.description !== undefined) wire.description = tool.description;
        if (tool.cacheControl) wire.cache_control = { ...tool.cacheControl };
        if (tool.strict !== undefined && input.fromAnthropic) wire.strict = tool.strict;
        if (tool.namespace !== undefined) {
          warnings.push({
            code: 'tool-namespace-dropped',
            message: `Tool ${tool.name}: namespace ${tool.namespace} has no Anthropic equivalent; dropped`,
          });
        }
        value.push(wire);
        break;
      }
      case 'custom':
        warnings.push({
          code: 'custom-tool-as-function',
          message: `Freeform tool ${tool.name} sent as a function taking one string "${CUSTOM_TOOL_INPUT_PROPERTY}"`,
        });
        value.push(encodeCustomTool(tool));
        break;
      case 'builtin':
        if (tool.protocol === 'anthropic') value.push(tool.value as AnthropicTool);
        else if (tool.name === 'web_search') value.push(encodeForeignWebSearch(tool.value));
        else
          warnings.push({
            code: 'builtin-tool-dropped',
            message: `Built-in tool ${tool.name} from ${tool.protocol} has no Anthropic equivalent; dropped`,
          });
        break;
      default: {
        const _exhaustive: never = tool;
        return _exhaustive;
      }
    }
  }
  return { value, warnings };
}

/** tool_choice, with parallelToolCalls=false folded in as disable_parallel_tool_use. */
export function encodeAnthropicToolChoice(input: {
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  hasTools: boolean;
}): Converted<Record<string, unknown> | undefined> {
  const warnings: Warning[] = [];
  const { toolChoice, parallelToolCalls, hasTools } = input;
  if (!hasTools) {
    // Anthropic rejects tool_choice without tools; `none` without tools means the same thing anyway.
    if (toolChoice && toolChoice.type !== 'none' && toolChoice.type !== 'auto') {
      warnings.push({
        code: 'tool-choice-dropped',
        message: `tool_choice ${toolChoice.type} without tools; dropped`,
      });
    }
    return { value: undefined, warnings };
  }
  let wire: Record<string, unknown> | undefined;
  switch (toolChoice?.type) {
    case undefined:
      wire = parallelToolCalls === false ? { type: 'auto' } : undefined;
      break;
    case 'auto':
      wire = { type: 'auto' };
      break;
    case 'none':
      wire = { type: 'none' };
      break;
    case 'required':
      wire = { type: 'any' };
      break;
    case 'tool':
      wire = { type: 'tool', name: toolChoice.name };
      break;
    default: {
      const _exhaustive: never = toolChoice;
      return _exhaustive;
    }
  }
  if (wire && parallelToolCalls !== undefined && wire.type !== 'none')
    wire.disable_parallel_tool_use = !parallelToolCalls;
  return { value: wire, warnings };
}
