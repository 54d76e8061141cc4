import { invalidRequest } from '../canonical/errors';
import { unpackSignature } from '../canonical/signature';
import type {
  BinarySource,
  ContentPart,
  Converted,
  ProviderSignature,
  ReasoningPart,
  ToolResultContent,
  Warning,
} from '../canonical/types';
import { isRecord, readString } from './read-gemini-json';

/*
 * Gemini parts → canonical parts. The thoughtSignature scheme (lossless, and
 * the same in every Gemini decoder and encoder):
 * - on a functionCall part → the tool call's `signature`;
 * - on a `thought: true` part → the reasoning part's `signature`. Consecutive
 *   thought parts merge into one reasoning part, which a signature closes
 *   (streams send the signature on a trailing empty thought part);
 * - on any other part (text, inlineData, fileData) → that part, followed by a
 *   "carrier": a reasoning part with empty text holding the signature. The
 *   encoders put a carrier's signature back on the part right before it, or
 *   on an empty text part when there is none (as Gemini's own streams do).
 */

export interface DecodeGeminiPartsInput {
  parts: unknown;
  /** Field path for error messages, e.g. `contents[2].parts`. */
  path: string;
  /** Requests throw `invalidRequest` on malformed parts; responses skip them with a warning. */
  strict: boolean;
  toolCallId(wireId: string | undefined, name: string): string;
  toolResultId(wireId: string | undefined, name: string): string;
}

const FILES_API_URI = /^https:\/\/generativelanguage\.googleapis\.com\/[^?#]*\/files\//;

export function decodeGeminiParts(input: DecodeGeminiPartsInput): Converted<ContentPart[]> {
  const warnings: Warning[] = [];
  const content: ContentPart[] = [];
  let openReasoning: ReasoningPart | undefined;

  const reject = (message: string): void => {
    if (input.strict) throw invalidRequest(message);
    warnings.push({ code: 'gemini-part-skipped', message });
  };
  if (!Array.isArray(input.parts)) {
    reject(`${input.path} must be an array`);
    return { value: content, warnings };
  }

  const push = (part: ContentPart, signature?: ProviderSignature): void => {
    openReasoning = undefined;
    content.push(part);
    if (signature) content.push({ type: 'reasoning', text: '', signature });
  };

  input.parts.forEach((part: unknown, index) => {
    const path = `${input.path}[${index}]`;
    if (!isRecord(part)) return reject(`${path} must be an object`);
    const rawSignature = readString(part.thoughtSignature);
    const signature = rawSignature === undefined ? undefined : unpackSignature(rawSignature, 'gemini');

    if (typeof part.text === 'string') {
      if (part.thought === true) {
        if (openReasoning) openReasoning.text += part.text;
        else {
          openReasoning = { type: 'reasoning', text: part.text };
          content.push(openReasoning);
        }
        if (signature) {
          openReasoning.signature = signature;
          openReasoning = undefined;
        }
        return;
      }
      if (part.text === '') {
        openReasoning = undefined;
        if (signature) content.push({ type: 'reasoning', text: '', signature });
        return;
      }
      return push({ type: 'text', text: part.text }, signature);
    }

    if (part.functionCall !== undefined) {
      const call = part.functionCall;
      if (!isRecord(call) || typeof call.name !== 'string' || call.name === '') {
        return reject(`${path}.functionCall.name must be a non-empty string`);
      }
      if (call.args !== undefined && call.args !== null && !isRecord(call.args)) {
        return reject(`${path}.functionCall.args must be an object`);
      }
      const id = input.toolCallId(readString(call.id), call.name);
      return push({
        type: 'tool-call',
        id,
        name: call.name,
        arguments: JSON.stringify(isRecord(call.args) ? call.args : {}),
        kind: 'function',
        ...(signature ? { signature } : {}),
      });
    }

    if (part.functionResponse !== undefined) {
      const response = part.functionResponse;
      if (!isRecord(response) || typeof response.name !== 'string' || response.name === '') {
        return reject(`${path}.functionResponse.name must be a non-empty string`);
      }
      const body = isRecord(response.response) ? response.response : {};
      const resultContent: ToolResultContent[] = [{ type: 'text', text: JSON.stringify(body) }];
      for (const media of Array.isArray(response.parts) ? response.parts : []) {
        const decoded = isRecord(media) ? decodeMedia(media) : undefined;
        if (decoded) resultContent.push(decoded);
        else
          warnings.push({
            code: 'gemini-part-skipped',
            message: `${path}.functionResponse.parts: unsupported part skipped`,
          });
      }
      const keys = Object.keys(body);
      return push(
        {
          type: 'tool-result',
          toolCallId: input.toolResultId(readString(response.id), response.name),
          toolName: response.name,
          content: resultContent,
          ...(keys.length === 1 && keys[0] === 'error' ? { isError: true } : {}),
        },
        signature,
      );
    }

    const media = decodeMedia(part);
    if (media) return push(media, signature);
    if (part.inlineData !== undefined || part.fileData !== undefined) {
      return reject(`${path}: inlineData needs mimeType and data, fileData needs fileUri`);
    }
    // executableCode, codeExecutionResult and parts we do not model: kept whole for a Gemini encoder.
    push({ type: 'opaque', protocol: 'gemini', value: part });
  });

  return { value: content, warnings };
}

function decodeMedia(part: Record<string, unknown>): ToolResultContent | undefined {
  let source: BinarySource | undefined;
  let filename: string | undefined;
  if (isRecord(part.inlineData)) {
    const mediaType = readString(part.inlineData.mimeType);
    const data = readString(part.inlineData.data);
    if (mediaType === undefined || data === undefined) return undefined;
    source = { kind: 'base64', mediaType, data };
    filename = readString(part.inlineData.displayName);
  } else if (isRecord(part.fileData)) {
    const uri = readString(part.fileData.fileUri);
    if (uri === undefined) return undefined;
    const mediaType = readString(part.fileData.mimeType);
    const isHandle = uri.startsWith('gs://') || FILES_API_URI.test(uri) || uri.startsWith('files/');
    source = isHandle
      ? { kind: 'file-id', fileId: uri, ...(mediaType ? { mediaType } : {}) }
      : { kind: 'url', url: uri, ...(mediaType ? { mediaType } : {}) };
    filename = readString(part.fileData.displayName);
  } else {
    return undefined;
  }
  if (source.mediaType?.startsWith('image/')) return { type: 'image', source };
  return { type: 'file', source, ...(filename ? { filename } : {}) };
}
