import type { ToolCallPart, Warning } from '../canonical';
import { isWireObject } from './read-wire-value';

/**
 * Freeform (`custom`) tools have no Anthropic counterpart: they are sent as a
 * function tool taking one string property, and the raw input travels in it.
 */
export const CUSTOM_TOOL_INPUT_PROPERTY = 'input';

export function wrapCustomToolInput(raw: string): Record<string, unknown> {
  return { [CUSTOM_TOOL_INPUT_PROPERTY]: raw };
}

/** Reverse of `wrapCustomToolInput`, for a response side that knows the tool was `custom`. */
export function unwrapCustomToolInput(input: unknown): string | undefined {
  if (!isWireObject(input)) return undefined;
  const raw = input[CUSTOM_TOOL_INPUT_PROPERTY];
  return typeof raw === 'string' ? raw : undefined;
}

/**
 * Tool-call arguments (JSON text) → the `input` object Anthropic requires.
 * Empty text is `{}`. Text that is not a JSON object (a weak model's broken
 * output) becomes `{}` with a warning: Anthropic rejects anything but an
 * object, and a guessed repair could run the tool with made-up values.
 */
export function parseToolCallInput(
  part: Pick<ToolCallPart, 'arguments' | 'kind' | 'name'>,
  warnings: Warning[],
): Record<string, unknown> {
  if (part.kind === 'custom') return wrapCustomToolInput(part.arguments);
  if (part.arguments.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(part.arguments);
    if (isWireObject(parsed)) return parsed;
  } catch {
    // fall through to the warning
  }
  warnings.push({
    code: 'tool-arguments-invalid-json',
    message: `Arguments of tool call ${part.name} are not a JSON object; sent as {} (was: ${part.arguments.slice(0, 200)})`,
  });
  return {};
}
