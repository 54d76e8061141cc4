import { invalidRequest } from '../canonical/errors';
import { checkRequestFields, jsonTypeOf, type FieldMessage } from '../canonical/check-request-fields';
import type { CanonicalRequest, Converted, ResponseFormat, TextPart, Warning } from '../canonical/types';
import { convertGeminiContentsToMessages } from './convert-gemini-contents-to-messages';
import { convertGeminiSchemaToJsonSchema } from './convert-gemini-schema-to-json-schema';
import { decodeGeminiToolChoice, decodeGeminiTools } from './decode-gemini-tools';
import { decodeGeminiThinkingConfig } from './map-gemini-thinking-config';
import { isRecord, readInteger, readNumber, readString } from './read-gemini-json';

/** generationConfig keys mapped to canonical fields; the rest stay in `extra`. */
const MODELLED_GENERATION_KEYS = new Set([
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'stopSequences',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
  'candidateCount',
]);
const MODELLED_TOP_KEYS = new Set([
  'model',
  'stream',
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
]);

/**
 * Gemini generateContent body → canonical request. The model and the
 * streaming choice live in the URL (`models/{model}:streamGenerateContent`):
 * the server copies them into `body.model` and `body.stream` before calling.
 */
const GEMINI_FIELD_RULES = {
  'generationConfig.maxOutputTokens': 'positive-integer',
  'generationConfig.candidateCount': 'positive-integer',
  'generationConfig.temperature': 'non-negative-number',
  'generationConfig.topP': 'non-negative-number',
  'generationConfig.topK': 'non-negative-integer',
} as const;

/** Google's wording ("Invalid value at …"), with the field as the client spelled it. */
const wordGeminiFieldError: FieldMessage = ({ path: field, rule, value }) => {
  if ((rule === 'positive-integer' || rule === 'non-negative-integer') && !Number.isInteger(value))
    return `Invalid value at '${field}' (TYPE_INT32), ${JSON.stringify(value)}: expected an integer, got ${jsonTypeOf(value)}`;
  if (typeof value !== 'number')
    return `Invalid value at '${field}', ${JSON.stringify(value)}: expected a number`;
  return `Invalid value at '${field}', ${value}: must be ${rule === 'positive-integer' ? 'at least 1' : 'non-negative'}`;
};

export function decodeGeminiRequest(input: { body: unknown }): Converted<CanonicalRequest> {
  const { body } = input;
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object');
  checkRequestFields(body, GEMINI_FIELD_RULES, wordGeminiFieldError);
  const warnings: Warning[] = [];
  const model = readString(body.model)?.replace(/^models\//, '');
  if (!model)
    throw invalidRequest('model is missing (it comes from the URL path models/{model}:generateContent)');

  const messages = convertGeminiContentsToMessages(body.contents);
  warnings.push(...messages.warnings);
  const tools = decodeGeminiTools(body.tools);
  const toolChoice = decodeGeminiToolChoice(body.toolConfig);
  warnings.push(...tools.warnings, ...toolChoice.warnings);

  const request: CanonicalRequest = {
    model,
    system: decodeSystemInstruction(body.systemInstruction, warnings),
    messages: messages.value,
    tools: tools.value,
    stream: body.stream === true,
  };
  if (toolChoice.value) request.toolChoice = toolChoice.value;

  const extraFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MODELLED_TOP_KEYS.has(key)) extraFields[key] = value;
  if (isRecord(body.toolConfig)) {
    const { functionCallingConfig: _modelled, ...otherToolConfig } = body.toolConfig;
    if (Object.keys(otherToolConfig).length > 0) extraFields.toolConfig = otherToolConfig;
  }

  const config = body.generationConfig;
  if (config !== undefined && config !== null) {
    if (!isRecord(config)) throw invalidRequest('generationConfig must be an object');
    applyGenerationConfig(config, request);
    const otherConfig = Object.fromEntries(
      Object.entries(config).filter(([key]) => !MODELLED_GENERATION_KEYS.has(key)),
    );
    const mimeType = readString(config.responseMimeType);
    if (mimeType !== undefined && mimeType !== 'application/json' && mimeType !== 'text/plain')
      otherConfig.responseMimeType = mimeType;
    if (Object.keys(otherConfig).length > 0) extraFields.generationConfig = otherConfig;
  }
  if (Object.keys(extraFields).length > 0) request.extra = { protocol: 'gemini', fields: extraFields };
  return { value: request, warnings };
}

function decodeSystemInstruction(instruction: unknown, warnings: Warning[]): TextPart[] {
  if (instruction === undefined || instruction === null) return [];
  if (typeof instruction === 'string') return [{ type: 'text', text: instruction }];
  if (!isRecord(instruction) || !Array.isArray(instruction.parts))
    throw invalidRequest('systemInstruction.parts must be an array');
  return instruction.parts.flatMap((part: unknown, index): TextPart[] => {
    if (isRecord(part) && typeof part.text === 'string') return [{ type: 'text', text: part.text }];
    warnings.push({
      code: 'system-part-dropped',
      message: `systemInstruction.parts[${index}] is not text; it was dropped.`,
    });
    return [];
  });
}

function applyGenerationConfig(config: Record<string, unknown>, request: CanonicalRequest): void {
  const candidateCount = readInteger(config.candidateCount);
  if (candidateCount !== undefined && candidateCount > 1) {
    throw invalidRequest('generationConfig.candidateCount above 1 is not supported by this proxy');
  }
  const numbers: [keyof CanonicalRequest & string, string][] = [
    ['maxOutputTokens', 'maxOutputTokens'],
    ['temperature', 'temperature'],
    ['topP', 'topP'],
    ['topK', 'topK'],
    ['presencePenalty', 'presencePenalty'],
    ['frequencyPenalty', 'frequencyPenalty'],
    ['seed', 'seed'],
  ];
  for (const [field, key] of numbers) {
    if (config[key] === undefined || config[key] === null) continue;
    const value = readNumber(config[key]);
    if (value === undefined) throw invalidRequest(`generationConfig.${key} must be a number`);
    (request as unknown as Record<string, unknown>)[field] = value;
  }
  if (config.stopSequences !== undefined) {
    if (
      !Array.isArray(config.stopSequences) ||
      !config.stopSequences.every((stop) => typeof stop === 'string')
    ) {
      throw invalidRequest('generationConfig.stopSequences must be an array of strings');
    }
    request.stopSequences = config.stopSequences;
  }
  const format = decodeResponseFormat(config);
  if (format) request.responseFormat = format;
  const reasoning = decodeGeminiThinkingConfig(config.thinkingConfig);
  if (reasoning) request.reasoning = reasoning;
}

function decodeResponseFormat(config: Record<string, unknown>): ResponseFormat | undefined {
  const mimeType = readString(config.responseMimeType);
  const jsonSchema = config.responseJsonSchema ?? config.responseSchema;
  if (jsonSchema !== undefined && !isRecord(jsonSchema))
    throw invalidRequest('generationConfig.responseJsonSchema must be an object');
  if (isRecord(jsonSchema)) {
    const schema =
      config.responseJsonSchema !== undefined ? jsonSchema : convertGeminiSchemaToJsonSchema(jsonSchema);
    return { type: 'json-schema', schema };
  }
  if (mimeType === 'application/json') return { type: 'json' };
  if (mimeType === 'text/plain') return { type: 'text' };
  return undefined;
}
