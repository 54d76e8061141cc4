import type { ContentPart, Converted, Warning } from '../canonical';
import { invalidRequest } from '../canonical';
import { parseBase64DataUrl } from '../canonical/data-url';
import { isRecord, readRecord, readString } from './read-wire-fields';

/**
 * A Chat message `content` (string, array of parts, or null) → canonical
 * parts. `field` names the message in errors (`messages[3].content`).
 */
export function convertChatContentParts(input: {
  content: unknown;
  field: string;
}): Converted<ContentPart[]> {
  const { content, field } = input;
  const warnings: Warning[] = [];
  if (content === null || content === undefined) return { value: [], warnings };
  if (typeof content === 'string')
    return { value: content === '' ? [] : [{ type: 'text', text: content }], warnings };
  if (!Array.isArray(content)) throw invalidRequest(`${field} must be a string or an array of content parts`);

  const parts: ContentPart[] = [];
  content.forEach((rawPart, index) => {
    const partField = `${field}[${index}]`;
    if (typeof rawPart === 'string') {
      parts.push({ type: 'text', text: rawPart });
      return;
    }
    if (!isRecord(rawPart)) throw invalidRequest(`${partField} must be an object`);
    const type = readString(rawPart, 'type');
    switch (type) {
      case 'text':
        parts.push({ type: 'text', text: readString(rawPart, 'text') ?? '' });
        return;
      case 'refusal':
        parts.push({ type: 'text', text: readString(rawPart, 'refusal') ?? '' });
        return;
      case 'image_url': {
        const imageUrl = rawPart.image_url;
        const url =
          typeof imageUrl === 'string'
            ? imageUrl
            : isRecord(imageUrl)
              ? readString(imageUrl, 'url')
              : undefined;
        if (url === undefined) throw invalidRequest(`${partField}.image_url.url is required`);
        const detail = isRecord(imageUrl) ? readString(imageUrl, 'detail') : undefined;
        parts.push({
          type: 'image',
          source: parseBase64DataUrl(url) ?? { kind: 'url', url },
          ...(detail !== undefined ? { detail } : {}),
        });
        return;
      }
      case 'file': {
        const file = readRecord(rawPart, 'file') ?? {};
        const fileData = readString(file, 'file_data');
        const fileId = readString(file, 'file_id');
        const filename = readString(file, 'filename');
        const inline = fileData !== undefined ? parseBase64DataUrl(fileData) : undefined;
        if (inline) {
          parts.push({
            type: 'file',
            source: inline,
            ...(filename ? { filename } : {}),
          });
        } else if (fileData !== undefined) {
          // The SDK docs show bare base64 here; OpenAI only takes PDFs in `file` parts.
          parts.push({
            type: 'file',
            source: { kind: 'base64', mediaType: 'application/pdf', data: fileData },
            ...(filename ? { filename } : {}),
          });
        } else if (fileId !== undefined) {
          parts.push({
            type: 'file',
            source: { kind: 'file-id', fileId },
            ...(filename ? { filename } : {}),
          });
        } else {
          throw invalidRequest(`${partField}.file needs file_data or file_id`);
        }
        return;
      }
      case 'input_audio':
        warnings.push({
          code: 'audio-input-opaque',
          message: `${partField}: audio input is kept only for OpenAI Chat upstreams; other protocols skip it`,
        });
        parts.push({ type: 'opaque', protocol: 'openai-chat', value: rawPart });
        return;
      default:
        warnings.push({
          code: 'unknown-content-part',
          message: `${partField}: content part type ${String(type)} is kept only for OpenAI Chat upstreams`,
        });
        parts.push({ type: 'opaque', protocol: 'openai-chat', value: rawPart });
    }
  });
  return { value: parts, warnings };
}
