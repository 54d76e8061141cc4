import { parseBase64DataUrl } from '../canonical/data-url';
import { invalidRequest } from '../canonical/errors';
import type { BinarySource, ContentPart, FilePart, ImagePart, TextPart } from '../canonical/types';
import {
  isRecord,
  optionalArray,
  optionalString,
  requestString,
  requiredRequestString,
} from './read-json-values';

const MEDIA_TYPE_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
};

/** `file_data` is normally a data URL; bare base64 gets its type from the file name. */
function parseFileData(fileData: string, filename: string | undefined): BinarySource {
  const inline = parseBase64DataUrl(fileData);
  if (inline) return inline;
  const extension = filename?.split('.').pop()?.toLowerCase() ?? '';
  return {
    kind: 'base64',
    mediaType: MEDIA_TYPE_BY_EXTENSION[extension] ?? 'application/octet-stream',
    data: fileData,
  };
}

export function convertInputImage(part: Record<string, unknown>, field: string): ImagePart {
  const imageUrl = requestString(part.image_url, `${field}.image_url`);
  const fileId = requestString(part.file_id, `${field}.file_id`);
  const detail = optionalString(part.detail);
  let source: BinarySource;
  if (imageUrl !== undefined) source = parseBase64DataUrl(imageUrl) ?? { kind: 'url', url: imageUrl };
  else if (fileId !== undefined) source = { kind: 'file-id', fileId };
  else throw invalidRequest(`${field} needs image_url or file_id`);
  return { type: 'image', source, ...(detail !== undefined ? { detail } : {}) };
}

export function convertInputFile(part: Record<string, unknown>, field: string): FilePart {
  const filename = requestString(part.filename, `${field}.filename`);
  const fileData = requestString(part.file_data, `${field}.file_data`);
  const fileUrl = requestString(part.file_url, `${field}.file_url`);
  const fileId = requestString(part.file_id, `${field}.file_id`);
  let source: BinarySource;
  if (fileData !== undefined) source = parseFileData(fileData, filename);
  else if (fileUrl !== undefined) source = { kind: 'url', url: fileUrl };
  else if (fileId !== undefined) source = { kind: 'file-id', fileId };
  else throw invalidRequest(`${field} needs file_data, file_url or file_id`);
  return { type: 'file', source, ...(filename !== undefined ? { filename } : {}) };
}

/** An `output_text` part (assistant history or a response): annotations become citations. */
export function convertOutputText(part: Record<string, unknown>, phase: string | undefined): TextPart {
  const annotations = optionalArray(part.annotations) ?? [];
  return {
    type: 'text',
    text: optionalString(part.text) ?? '',
    ...(annotations.length > 0
      ? { citations: { protocol: 'openai-responses' as const, value: annotations } }
      : {}),
    ...(phase !== undefined ? { phase } : {}),
  };
}

/** Message `content` (a string or a list of parts) → canonical parts, in order. */
export function convertResponsesContentToParts(input: {
  content: unknown;
  field: string;
  phase?: string;
}): ContentPart[] {
  const { content, field, phase } = input;
  if (typeof content === 'string')
    return [{ type: 'text', text: content, ...(phase !== undefined ? { phase } : {}) }];
  if (!Array.isArray(content)) throw invalidRequest(`${field} must be a string or an array`);
  return content.map((part: unknown, index): ContentPart => {
    const partField = `${field}[${index}]`;
    if (!isRecord(part)) throw invalidRequest(`${partField} must be an object`);
    switch (part.type) {
      case 'input_text':
        return { type: 'text', text: requiredRequestString(part.text, `${partField}.text`) };
      case 'output_text':
        requiredRequestString(part.text, `${partField}.text`);
        return convertOutputText(part, phase);
      case 'refusal':
        // No refusal part in the canonical model: the words survive as text.
        return { type: 'text', text: requiredRequestString(part.refusal, `${partField}.refusal`) };
      case 'input_image':
        return convertInputImage(part, partField);
      case 'input_file':
        return convertInputFile(part, partField);
      default:
        return { type: 'opaque', protocol: 'openai-responses', value: part };
    }
  });
}
