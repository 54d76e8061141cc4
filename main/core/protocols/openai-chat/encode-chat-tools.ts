import type { CanonicalRequest, Converted, JsonSchema, ToolDefinition, Warning } from '../canonical';
import { ownExtraFields } from '../canonical';
import type { ChatDialect } from './detect-chat-dialect';
import { isOpenAiDialect } from './detect-chat-dialect';
import type { JsonRecord } from './read-wire-fields';
import { isRecord, readRecord, readString } from './read-wire-fields';

export interface ChatToolFields {
  tools?: JsonRecord[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  web_search_options?: JsonRecord;
}

/**
 * Canonical tools → Chat `tools`, `tool_choice`, `parallel_tool_calls` and
 * `web_search_options`.
 *
 * Schemas go as sent except for a top-level `$schema` key (Claude Code sets
 * one on every tool): it only names the draft, constrains nothing, and some
 * OpenAI-compatible servers reject unknown schema keywords.
 */
export function encodeChatTools(input: {
  request: CanonicalRequest;
  dialect: ChatDialect;
  model: string;
}): Converted<ChatToolFields> {
  const { request, dialect, model } = input;
  const warnings: Warning[] = [];
  const tools: JsonRecord[] = [];
  const fields: ChatToolFields = {};
  const sentNames = new Map<string, 'function' | 'custom'>();
  const nativeCustom = isOpenAiDialect(dialect);

  for (const tool of request.tools) {
    if (tool.type !== 'builtin')
      ownExtraFields({ extra: tool.extra, protocol: 'openai-chat', owner: `tool ${tool.name}`, warnings });
    switch (tool.type) {
      case 'function':
        tools.push({
          type: 'function',
          function: functionDefinition(
            tool.name,
            tool.description,
            stripSchemaKey(tool.inputSchema),
            tool.strict,
          ),
        });
        sentNames.set(tool.name, 'function');
        break;
      case 'custom':
        if (nativeCustom) {
          tools.push({
            type: 'custom',
            custom: {
              name: tool.name,
              ...(tool.description !== undefined ? { description: tool.description } : {}),
              ...(tool.format !== undefined ? { format: tool.format } : {}),
            },
          });
          sentNames.set(tool.name, 'custom');
        } else {
          tools.push({
            type: 'function',
            function: functionDefinition(tool.name, tool.description, {
              type: 'object',
              properties: {
                input: { type: 'string', description: 'The raw input for this tool, as free-form text.' },
              },
              required: ['input'],
            }),
          });
          sentNames.set(tool.name, 'function');
          warnings.push({
            code: 'custom-tool-as-function',
            message: `custom tool ${tool.name} was sent as a function with one string parameter "input"; its grammar is not enforced`,
          });
        }
        break;
      case 'builtin': {
        const webSearch =
          tool.name === 'web_search' && isOpenAiDialect(dialect) && /search/i.test(model)
            ? encodeWebSearchOptions(tool)
            : undefined;
        if (webSearch) fields.web_search_options = webSearch;
        else
          warnings.push({
            code: 'builtin-tool-dropped',
            message: `built-in tool ${tool.name} (${tool.protocol}) is not available on this Chat provider and was dropped`,
          });
        break;
      }
      default: {
        const _exhaustive: never = tool;
        throw new Error(`unhandled tool ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  if (tools.length === 0) {
    if (request.toolChoice && request.toolChoice.type !== 'auto' && request.toolChoice.type !== 'none') {
      warnings.push({
        code: 'tool-choice-dropped',
        message: 'tool_choice was dropped: no tool could be sent to this provider',
      });
    }
    return { value: fields, warnings };
  }
  fields.tools = tools;
  const choice = request.toolChoice;
  if (choice) {
    switch (choice.type) {
      case 'auto':
      case 'none':
      case 'required':
        fields.tool_choice = choice.type;
        break;
      case 'tool': {
        const kind = sentNames.get(choice.name);
        if (kind === 'custom') fields.tool_choice = { type: 'custom', custom: { name: choice.name } };
        else if (kind === 'function')
          fields.tool_choice = { type: 'function', function: { name: choice.name } };
        else
          warnings.push({
            code: 'tool-choice-dropped',
            message: `tool_choice named ${choice.name}, which was not sent to this provider`,
          });
        break;
      }
      default: {
        const _exhaustive: never = choice;
        throw new Error(`unhandled tool choice ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  if (request.parallelToolCalls !== undefined) fields.parallel_tool_calls = request.parallelToolCalls;
  return { value: fields, warnings };
}

function functionDefinition(
  name: string,
  description: string | undefined,
  parameters: JsonSchema,
  strict?: boolean,
): JsonRecord {
  return {
    name,
    ...(description !== undefined ? { description } : {}),
    parameters,
    ...(strict !== undefined ? { strict } : {}),
  };
}

function stripSchemaKey(schema: JsonSchema): JsonSchema {
  if (!('$schema' in schema)) return schema;
  const { $schema: _draft, ...rest } = schema;
  return rest;
}

/** Anthropic/Responses/Chat web search settings → Chat `web_search_options` (OpenAI search models). */
function encodeWebSearchOptions(tool: Extract<ToolDefinition, { type: 'builtin' }>): JsonRecord {
  if (tool.protocol === 'openai-chat' && isRecord(tool.value)) return tool.value;
  const options: JsonRecord = {};
  const value = isRecord(tool.value) ? tool.value : {};
  const contextSize = readString(value, 'search_context_size');
  if (contextSize !== undefined) options.search_context_size = contextSize;
  const location = readRecord(value, 'user_location');
  if (location) {
    const approximate = readRecord(location, 'approximate') ?? location;
    const fields: JsonRecord = {};
    for (const key of ['city', 'region', 'country', 'timezone']) {
      const field = readString(approximate, key);
      if (field !== undefined) fields[key] = field;
    }
    options.user_location = { type: 'approximate', approximate: fields };
  }
  return options;
}
