import type { Converted, ToolChoice, ToolDefinition, Warning } from '../canonical/types';
import { ownExtraFields } from '../canonical/own-extra-fields';
import { isRecord } from './read-gemini-json';
import { reduceJsonSchemaForGemini } from './reduce-json-schema-for-gemini';

/** Canonical builtin names → the Gemini Tool object that provides them. */
const BUILTIN_TOOLS: Record<string, Record<string, unknown>> = {
  web_search: { googleSearch: {} },
  code_execution: { codeExecution: {} },
  web_fetch: { urlContext: {} },
};

/** Canonical tools → Gemini `tools[]`: all functions in one Tool, each builtin in its own. */
export function convertToolsToGemini(
  tools: ToolDefinition[],
): Converted<Record<string, unknown>[] | undefined> {
  const warnings: Warning[] = [];
  const declarations: Record<string, unknown>[] = [];
  const builtins: Record<string, unknown>[] = [];
  for (const tool of tools) {
    if (tool.type !== 'builtin')
      ownExtraFields({ extra: tool.extra, protocol: 'gemini', owner: `tool ${tool.name}`, warnings });
    switch (tool.type) {
      case 'function': {
        const reduced = reduceJsonSchemaForGemini(tool.inputSchema);
        warnings.push(
          ...reduced.warnings.map((warning) => ({ ...warning, message: `${tool.name}: ${warning.message}` })),
        );
        const properties = reduced.value.properties;
        // A function without parameters must omit them: Gemini rejects an OBJECT with no properties.
        const hasParameters = isRecord(properties) && Object.keys(properties).length > 0;
        declarations.push({
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          ...(hasParameters ? { parameters: reduced.value } : {}),
        });
        break;
      }
      case 'custom':
        warnings.push({
          code: 'custom-tool-as-function',
          message: `Freeform tool ${tool.name} was declared as a function taking {"input": string}.`,
        });
        declarations.push({
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: 'The raw tool input.' } },
            required: ['input'],
          },
        });
        break;
      case 'builtin': {
        const builtin =
          tool.protocol === 'gemini' && isRecord(tool.value) ? tool.value : BUILTIN_TOOLS[tool.name];
        if (builtin) builtins.push(builtin);
        else
          warnings.push({
            code: 'builtin-tool-dropped',
            message: `Built-in tool ${tool.name} (${tool.protocol}) has no Gemini equivalent; it was dropped.`,
          });
        break;
      }
      default: {
        const _exhaustive: never = tool;
        throw new Error(`unknown tool ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  const value = [...(declarations.length > 0 ? [{ functionDeclarations: declarations }] : []), ...builtins];
  return { value: value.length > 0 ? value : undefined, warnings };
}

export function convertToolChoiceToGemini(choice: ToolChoice): Record<string, unknown> {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
    default: {
      const _exhaustive: never = choice;
      throw new Error(`unknown tool choice ${JSON.stringify(_exhaustive)}`);
    }
  }
}
