import type { Converted, ToolChoice, ToolDefinition, Warning } from '../canonical/types';
import { ownExtraFields } from '../canonical';
import type { JsonRecord } from './read-json-values';

function encodeTool(tool: ToolDefinition, warnings: Warning[]): JsonRecord | undefined {
  switch (tool.type) {
    case 'function':
      return {
        ...ownExtraFields({
          extra: tool.extra,
          protocol: 'openai-responses',
          owner: `tool ${tool.name}`,
          warnings,
        }),
        type: 'function',
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.inputSchema,
        // Responses treats a missing `strict` as true, which rejects most schemas written for other APIs.
        strict: tool.strict ?? false,
      };
    case 'custom':
      return {
        ...ownExtraFields({
          extra: tool.extra,
          protocol: 'openai-responses',
          owner: `tool ${tool.name}`,
          warnings,
        }),
        type: 'custom',
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        ...(tool.format !== undefined ? { format: tool.format } : {}),
      };
    case 'builtin':
      if (tool.protocol === 'openai-responses') return tool.value as JsonRecord;
      if (tool.name === 'web_search') return { type: 'web_search' };
      warnings.push({
        code: 'builtin-tool-dropped',
        message: `The ${tool.protocol} built-in tool "${tool.name}" has no Responses equivalent and was not sent.`,
      });
      return undefined;
    default: {
      const _exhaustive: never = tool;
      return _exhaustive;
    }
  }
}

/** Canonical tools → Responses `tools`; tools sharing a namespace are grouped into one `namespace` tool. */
export function convertToolsToResponsesTools(input: { tools: ToolDefinition[] }): Converted<JsonRecord[]> {
  const warnings: Warning[] = [];
  const value: JsonRecord[] = [];
  const namespaces = new Map<string, JsonRecord[]>();
  for (const tool of input.tools) {
    const encoded = encodeTool(tool, warnings);
    if (!encoded) continue;
    const namespace = tool.type === 'builtin' ? undefined : tool.namespace;
    if (namespace === undefined) {
      value.push(encoded);
      continue;
    }
    let members = namespaces.get(namespace);
    if (!members) {
      members = [];
      namespaces.set(namespace, members);
      const description = tool.type === 'builtin' ? undefined : tool.namespaceDescription;
      value.push({ type: 'namespace', name: namespace, description: description ?? '', tools: members });
    }
    members.push(encoded);
  }
  return { value, warnings };
}

/** Canonical tool choice → Responses `tool_choice`; a named custom tool needs `type: custom`. */
export function convertToolChoiceToResponses(input: {
  toolChoice: ToolChoice;
  tools: ToolDefinition[];
}): string | JsonRecord {
  const { toolChoice, tools } = input;
  switch (toolChoice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return toolChoice.type;
    case 'tool': {
      const tool = tools.find(
        (candidate) => candidate.type !== 'builtin' && candidate.name === toolChoice.name,
      );
      return { type: tool?.type === 'custom' ? 'custom' : 'function', name: toolChoice.name };
    }
    default: {
      const _exhaustive: never = toolChoice;
      return _exhaustive;
    }
  }
}
