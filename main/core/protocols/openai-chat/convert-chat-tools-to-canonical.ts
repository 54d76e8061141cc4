import type { Converted, JsonSchema, ToolChoice, ToolDefinition, Warning } from '../canonical';
import { invalidRequest } from '../canonical';
import type { JsonRecord } from './read-wire-fields';
import { isRecord, readArray, readBoolean, readRecord, readString } from './read-wire-fields';

/** Chat `tools` (and legacy `functions`, `web_search_options`) → canonical tool definitions. */
export function convertChatToolsToCanonical(input: { body: JsonRecord }): Converted<ToolDefinition[]> {
  const { body } = input;
  const warnings: Warning[] = [];
  const tools: ToolDefinition[] = [];
  const rawTools = body.tools ?? null;
  if (rawTools !== null && !Array.isArray(rawTools)) throw invalidRequest('tools must be an array');

  (rawTools ?? []).forEach((tool: unknown, index: number) => {
    const field = `tools[${index}]`;
    if (!isRecord(tool)) throw invalidRequest(`${field} must be an object`);
    const type = readString(tool, 'type');
    if (type === 'function') {
      tools.push(convertFunction(readRecord(tool, 'function'), `${field}.function`));
    } else if (type === 'custom') {
      const custom = readRecord(tool, 'custom');
      const name = custom && readString(custom, 'name');
      if (!custom || name === undefined) throw invalidRequest(`${field}.custom.name is required`);
      const description = readString(custom, 'description');
      tools.push({
        type: 'custom',
        name,
        ...(description !== undefined ? { description } : {}),
        ...(custom.format !== undefined ? { format: custom.format } : {}),
      });
    } else {
      warnings.push({
        code: 'unknown-tool-type',
        message: `${field}: tool type ${String(type)} is kept only for OpenAI Chat upstreams`,
      });
      tools.push({ type: 'builtin', name: String(type), protocol: 'openai-chat', value: tool });
    }
  });

  (readArray(body, 'functions') ?? []).forEach((fn, index) => {
    tools.push(convertFunction(isRecord(fn) ? fn : undefined, `functions[${index}]`));
  });

  const webSearch = body.web_search_options;
  if (isRecord(webSearch))
    tools.push({ type: 'builtin', name: 'web_search', protocol: 'openai-chat', value: webSearch });
  return { value: tools, warnings };
}

function convertFunction(fn: JsonRecord | undefined, field: string): ToolDefinition {
  const name = fn && readString(fn, 'name');
  if (!fn || name === undefined || name === '') throw invalidRequest(`${field}.name is required`);
  const description = readString(fn, 'description');
  const strict = readBoolean(fn, 'strict');
  const parameters = readRecord(fn, 'parameters');
  return {
    type: 'function',
    name,
    ...(description !== undefined ? { description } : {}),
    // OpenAI: omitting parameters means a function with an empty parameter list.
    inputSchema: (parameters as JsonSchema | undefined) ?? { type: 'object', properties: {} },
    ...(strict !== undefined ? { strict } : {}),
  };
}

/** Chat `tool_choice` (or legacy `function_call`) → canonical. */
export function convertChatToolChoice(input: { body: JsonRecord }): Converted<ToolChoice | undefined> {
  const warnings: Warning[] = [];
  const raw = input.body.tool_choice ?? input.body.function_call ?? undefined;
  if (raw === undefined || raw === null) return { value: undefined, warnings };
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { value: { type: raw }, warnings };
  if (isRecord(raw)) {
    const type = readString(raw, 'type');
    const fn = readRecord(raw, 'function') ?? readRecord(raw, 'custom');
    const name = (fn && readString(fn, 'name')) ?? readString(raw, 'name');
    if ((type === 'function' || type === 'custom' || type === undefined) && name !== undefined) {
      return { value: { type: 'tool', name }, warnings };
    }
    if (type === 'allowed_tools') {
      const allowed = readRecord(raw, 'allowed_tools');
      const mode = allowed && readString(allowed, 'mode');
      warnings.push({
        code: 'allowed-tools-widened',
        message: 'tool_choice allowed_tools: the restriction to a subset of tools is not kept',
      });
      return { value: { type: mode === 'required' ? 'required' : 'auto' }, warnings };
    }
  }
  throw invalidRequest(
    `tool_choice must be "auto", "none", "required" or {"type":"function","function":{"name":…}}`,
  );
}
