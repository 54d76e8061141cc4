/**
 * JSON that may hold // and /* *\/ comments and trailing commas (how Gemini
 * CLI reads its settings.json, with strip-json-comments). Undefined when it is
 * not an object even then.
 */
export function parseJsonWithComments(text: string): Record<string, unknown> | undefined {
  let output = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    const next = text[index + 1];
    if (inString) {
      output += character;
      if (character === '\\') output += text[++index] ?? '';
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
      output += character;
    } else if (character === '/' && next === '/') {
      while (index < text.length && text[index] !== '\n') index++;
      output += '\n';
    } else if (character === '/' && next === '*') {
      index = text.indexOf('*/', index + 2);
      if (index === -1) return undefined;
      index++;
    } else output += character;
  }
  try {
    const value: unknown = JSON.parse(output.replace(/,(\s*[}\]])/g, '$1'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
