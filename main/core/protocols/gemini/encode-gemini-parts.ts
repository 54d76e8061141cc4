import { ownExtraFields } from '../canonical/own-extra-fields';
import { packSignature } from '../canonical/signature';
import type {
  BinarySource,
  ContentPart,
  Converted,
  ProviderSignature,
  ToolResultPart,
  Warning,
} from '../canonical/types';
import type { GeminiPart } from './gemini-wire-types';
import { isRecord } from './read-gemini-json';

/*
 * Canonical parts → Gemini parts (the reverse of decode-gemini-parts.ts; see
 * its header for the thoughtSignature scheme).
 *
 * `audience` decides what happens to signatures:
 * - `upstream`: we talk to Gemini itself. Only signatures Gemini made are
 *   sent; reasoning from other vendors is dropped. Gemini 3 rejects a model
 *   turn whose first functionCall carries no signature, so such a call gets
 *   Google's documented placeholder for calls that did not come from Gemini.
 * - `client`: a Gemini client (Gemini CLI, @google/genai) replays what we
 *   give it, so any signature travels, wrapped by packSignature.
 */
export const DUMMY_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export interface EncodeGeminiPartsInput {
  content: ContentPart[];
  audience: 'upstream' | 'client';
  /** Name of the function a tool result answers, when the part itself lacks it. */
  toolNameFor?(toolCallId: string): string | undefined;
}

export function encodeGeminiParts(input: EncodeGeminiPartsInput): Converted<GeminiPart[]> {
  const warnings: Warning[] = [];
  const parts: GeminiPart[] = [];
  const warn = (code: string, message: string): void => {
    if (!warnings.some((warning) => warning.code === code)) warnings.push({ code, message });
  };
  const wireSignature = (signature: ProviderSignature | undefined): string | undefined => {
    if (!signature) return undefined;
    if (input.audience === 'client') return packSignature(signature, 'gemini');
    return signature.origin === 'gemini' ? signature.value : undefined;
  };
  let sawFunctionCall = false;

  for (const part of input.content) {
    switch (part.type) {
      case 'text':
        parts.push({ text: part.text });
        break;
      case 'image':
      case 'file':
        parts.push(encodeMedia(part.source));
        if (part.type === 'file' && part.filename)
          warn('gemini-file-name-dropped', 'Gemini parts have no file name; it was dropped.');
        break;
      case 'reasoning': {
        const signature = wireSignature(part.signature);
        if (part.redactedData !== undefined || part.encrypted !== undefined) {
          warn(
            'reasoning-encrypted-dropped',
            'Encrypted or redacted reasoning from another provider cannot be sent to Gemini; it was dropped.',
          );
        }
        if (input.audience === 'upstream' && signature === undefined) {
          if (part.text !== '' || part.signature) {
            warn(
              'reasoning-dropped',
              'Reasoning produced by another provider was dropped: Gemini only accepts its own thoughts.',
            );
          }
          break;
        }
        if (part.text !== '') {
          parts.push({
            text: part.text,
            thought: true,
            ...(signature !== undefined ? { thoughtSignature: signature } : {}),
          });
          break;
        }
        if (signature === undefined) break;
        const previous = parts.at(-1);
        if (
          previous &&
          previous.thoughtSignature === undefined &&
          previous.thought !== true &&
          !previous.functionCall
        ) {
          previous.thoughtSignature = signature;
        } else {
          parts.push({ text: '', thoughtSignature: signature });
        }
        break;
      }
      case 'tool-call': {
        ownExtraFields({ extra: part.extra, protocol: 'gemini', owner: `tool call ${part.name}`, warnings });
        const functionCall = {
          id: part.id,
          name: part.name,
          args: parseArguments(part.arguments, part.kind, warn),
        };
        let signature = wireSignature(part.signature);
        if (signature === undefined && input.audience === 'upstream' && !sawFunctionCall) {
          signature = DUMMY_THOUGHT_SIGNATURE;
          warn(
            'gemini-thought-signature-missing',
            `A function call without a Gemini thought signature was sent with the "${DUMMY_THOUGHT_SIGNATURE}" placeholder.`,
          );
        }
        sawFunctionCall = true;
        parts.push({ functionCall, ...(signature !== undefined ? { thoughtSignature: signature } : {}) });
        break;
      }
      case 'tool-result':
        parts.push(...encodeToolResult(part, input, warn));
        break;
      case 'server-tool-call':
      case 'server-tool-result':
        warn(
          'server-tool-dropped',
          `A ${part.protocol} server tool block (${part.name}) has no Gemini equivalent; it was dropped.`,
        );
        break;
      case 'opaque':
        if (part.protocol === 'gemini' && isRecord(part.value)) parts.push(part.value as GeminiPart);
        else
          warn('opaque-dropped', `A ${part.protocol}-only block has no Gemini equivalent; it was dropped.`);
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unknown content part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  return { value: parts, warnings };
}

function encodeMedia(source: BinarySource): GeminiPart {
  switch (source.kind) {
    case 'base64':
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    case 'url':
      return {
        fileData: { fileUri: source.url, ...(source.mediaType ? { mimeType: source.mediaType } : {}) },
      };
    case 'file-id':
      return {
        fileData: { fileUri: source.fileId, ...(source.mediaType ? { mimeType: source.mediaType } : {}) },
      };
    default: {
      const _exhaustive: never = source;
      throw new Error(`unknown binary source ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function parseArguments(
  text: string,
  kind: 'function' | 'custom',
  warn: (code: string, message: string) => void,
): Record<string, unknown> {
  if (kind === 'custom') {
    warn(
      'custom-tool-input-wrapped',
      'Gemini has no freeform tools: the raw input was sent as {"input": "…"}.',
    );
    return { input: text };
  }
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isRecord(parsed)) return parsed;
    warn(
      'tool-arguments-wrapped',
      'Tool call arguments were not a JSON object; they were sent as {"value": …}.',
    );
    return { value: parsed };
  } catch {
    warn(
      'tool-arguments-invalid-json',
      'Tool call arguments were not valid JSON; they were sent as {"raw": "…"}.',
    );
    return { raw: text };
  }
}

function encodeToolResult(
  part: ToolResultPart,
  input: EncodeGeminiPartsInput,
  warn: (code: string, message: string) => void,
): GeminiPart[] {
  let name = part.toolName ?? input.toolNameFor?.(part.toolCallId);
  if (name === undefined) {
    warn(
      'tool-result-name-unknown',
      `No function name is known for tool result ${part.toolCallId}; it was sent as "unknown".`,
    );
    name = 'unknown';
  }
  const texts = part.content.flatMap((item) => (item.type === 'text' ? [item.text] : []));
  const media = part.content.filter((item) => item.type !== 'text');
  const joined = texts.join('\n');
  // Our own decoder stores a functionResponse.response as its JSON text: send such an object back as is.
  let response: Record<string, unknown> | undefined;
  if (texts.length === 1 && joined.startsWith('{')) {
    try {
      const parsed = JSON.parse(joined) as unknown;
      if (isRecord(parsed)) response = parsed;
    } catch {
      response = undefined;
    }
  }
  response ??= part.isError ? { error: joined } : { output: joined };
  const parts: GeminiPart[] = [{ functionResponse: { id: part.toolCallId, name, response } }];
  if (media.length > 0) {
    warn(
      'tool-result-media-moved',
      'Images and files in a tool result were sent as parts after the functionResponse.',
    );
    for (const item of media) parts.push(encodeMedia(item.source));
  }
  return parts;
}
