import type { ContentPart, Converted, FilePart, ImagePart, Warning } from '../canonical';
import { formatDataUrl } from '../canonical/data-url';
import type { ChatDialect } from './detect-chat-dialect';
import { isOpenAiDialect } from './detect-chat-dialect';
import type { JsonRecord } from './read-wire-fields';

/**
 * Canonical user-side parts (text, images, files) → Chat content parts.
 * Tool calls/results are handled by the message converter; anything else a
 * Chat user message cannot hold becomes a warning.
 */
export function convertCanonicalUserContent(input: {
  parts: ContentPart[];
  dialect: ChatDialect;
  field: string;
}): Converted<JsonRecord[]> {
  const { parts, dialect, field } = input;
  const warnings: Warning[] = [];
  const chatParts: JsonRecord[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        chatParts.push({ type: 'text', text: part.text });
        break;
      case 'image':
        chatParts.push(encodeImagePart(part));
        break;
      case 'file': {
        const encoded = encodeFilePart(part, dialect);
        if (encoded.value) chatParts.push(encoded.value);
        warnings.push(
          ...encoded.warnings.map((warning) => ({ ...warning, message: `${field}: ${warning.message}` })),
        );
        break;
      }
      case 'opaque':
        if (part.protocol === 'openai-chat') chatParts.push(part.value as JsonRecord);
        else
          warnings.push({
            code: 'opaque-part-dropped',
            message: `${field}: a ${part.protocol} block has no Chat equivalent and was dropped`,
          });
        break;
      case 'reasoning':
      case 'tool-call':
      case 'tool-result':
      case 'server-tool-call':
      case 'server-tool-result':
        warnings.push({
          code: 'part-dropped',
          message: `${field}: a ${part.type} part cannot appear here in a Chat message and was dropped`,
        });
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unhandled part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  return { value: chatParts, warnings };
}

export function encodeImagePart(part: ImagePart): JsonRecord {
  const url =
    part.source.kind === 'base64'
      ? formatDataUrl(part.source)
      : part.source.kind === 'url'
        ? part.source.url
        : part.source.fileId;
  return {
    type: 'image_url',
    image_url: { url, ...(part.detail !== undefined ? { detail: part.detail } : {}) },
  };
}

/**
 * Documents: OpenAI takes PDFs as `file` parts (inline or by file id); plain
 * text documents are inlined as text everywhere, since every model can read
 * them that way; anything else is dropped with a warning.
 */
function encodeFilePart(part: FilePart, dialect: ChatDialect): Converted<JsonRecord | undefined> {
  const { source } = part;
  const label = part.filename ?? part.title;
  if (source.kind === 'base64' && source.mediaType.startsWith('text/')) {
    const text = Buffer.from(source.data, 'base64').toString('utf8');
    return { value: { type: 'text', text: label ? `${label}:\n${text}` : text }, warnings: [] };
  }
  if (isOpenAiDialect(dialect) || dialect === 'openrouter') {
    if (source.kind === 'base64') {
      return {
        value: {
          type: 'file',
          file: {
            filename: label ?? 'document.pdf',
            file_data: formatDataUrl(source),
          },
        },
        warnings: [],
      };
    }
    if (source.kind === 'file-id')
      return { value: { type: 'file', file: { file_id: source.fileId } }, warnings: [] };
  }
  return {
    value: undefined,
    warnings: [
      {
        code: 'file-dropped',
        message: `a ${source.mediaType ?? source.kind} document cannot be sent to this Chat provider and was dropped`,
      },
    ],
  };
}
