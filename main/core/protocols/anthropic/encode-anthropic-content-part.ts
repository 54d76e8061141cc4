import type {
  BinarySource,
  CacheControl,
  ContentPart,
  FilePart,
  ImagePart,
  TextPart,
  ToolResultPart,
  Warning,
} from '../canonical';
import { ownExtraFields, packSignature } from '../canonical';
import { parseToolCallInput } from './encode-anthropic-tool-input';
import { isWireObject } from './read-wire-value';

export type AnthropicBlock = Record<string, unknown>;

function withCacheControl(block: AnthropicBlock, cacheControl: CacheControl | undefined): AnthropicBlock {
  if (cacheControl) block.cache_control = { ...cacheControl };
  return block;
}

function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = match[1] ?? 'application/octet-stream';
  const payload = match[3] ?? '';
  return {
    mediaType,
    data: match[2] ? payload : Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64'),
  };
}

/** `data:` URLs (OpenAI clients inline images that way) become base64 sources Anthropic accepts. */
function normaliseSource(source: BinarySource): BinarySource {
  if (source.kind !== 'url') return source;
  const inline = parseDataUrl(source.url);
  return inline ? { kind: 'base64', ...inline } : source;
}

export function encodeTextPart(part: TextPart, warnings: Warning[]): AnthropicBlock {
  const block: AnthropicBlock = { type: 'text', text: part.text };
  if (part.citations) {
    if (part.citations.protocol === 'anthropic') block.citations = part.citations.value;
    else
      warnings.push({
        code: 'citations-dropped',
        message: `Citations from ${part.citations.protocol} cannot be sent as Anthropic citations; dropped`,
      });
  }
  return withCacheControl(block, part.cacheControl);
}

function encodeImagePart(part: ImagePart, warnings: Warning[]): AnthropicBlock {
  const source = normaliseSource(part.source);
  if (part.detail !== undefined && part.detail !== 'auto') {
    warnings.push({
      code: 'image-detail-dropped',
      message: `Image detail "${part.detail}" has no Anthropic equivalent; dropped`,
    });
  }
  switch (source.kind) {
    case 'base64':
      return withCacheControl(
        { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } },
        part.cacheControl,
      );
    case 'url':
      return withCacheControl({ type: 'image', source: { type: 'url', url: source.url } }, part.cacheControl);
    case 'file-id':
      return withCacheControl(
        { type: 'image', source: { type: 'file', file_id: source.fileId } },
        part.cacheControl,
      );
    default: {
      const _exhaustive: never = source;
      return _exhaustive;
    }
  }
}

function isTextMediaType(mediaType: string): boolean {
  return mediaType.startsWith('text/') || mediaType === 'application/json' || mediaType === 'application/xml';
}

/** PDFs stay base64; text files become Anthropic `text` sources (its base64 source takes only PDFs). */
function encodeFilePart(part: FilePart, warnings: Warning[]): AnthropicBlock | undefined {
  const source = normaliseSource(part.source);
  let wireSource: Record<string, unknown>;
  switch (source.kind) {
    case 'base64':
      if (source.mediaType === 'application/pdf') {
        wireSource = { type: 'base64', media_type: 'application/pdf', data: source.data };
      } else if (isTextMediaType(source.mediaType)) {
        wireSource = {
          type: 'text',
          media_type: 'text/plain',
          data: Buffer.from(source.data, 'base64').toString('utf8'),
        };
      } else {
        warnings.push({
          code: 'file-type-unsupported',
          message: `Anthropic documents take PDF or text; ${source.mediaType} file dropped`,
        });
        return undefined;
      }
      break;
    case 'url':
      wireSource = { type: 'url', url: source.url };
      break;
    case 'file-id':
      wireSource = { type: 'file', file_id: source.fileId };
      break;
    default: {
      const _exhaustive: never = source;
      return _exhaustive;
    }
  }
  const block: AnthropicBlock = { type: 'document', source: wireSource };
  const title = part.title ?? part.filename;
  if (title !== undefined) block.title = title;
  return withCacheControl(block, part.cacheControl);
}

function encodeToolResultPart(part: ToolResultPart, warnings: Warning[]): AnthropicBlock {
  const content: AnthropicBlock[] = [];
  for (const item of part.content) {
    const block =
      item.type === 'text'
        ? encodeTextPart(item, warnings)
        : item.type === 'image'
          ? encodeImagePart(item, warnings)
          : encodeFilePart(item, warnings);
    if (block) content.push(block);
  }
  const only = part.content[0];
  const plain = part.content.length === 1 && only?.type === 'text' && !only.cacheControl && !only.citations;
  const block: AnthropicBlock = {
    type: 'tool_result',
    tool_use_id: part.toolCallId,
    content: plain ? only.text : content,
  };
  if (part.isError !== undefined) block.is_error = part.isError;
  return withCacheControl(block, part.cacheControl);
}

function dropForeign(part: { protocol: string }, what: string, warnings: Warning[]): undefined {
  warnings.push({
    code: `${what}-dropped`,
    message: `A ${what} from ${part.protocol} cannot be sent to Anthropic; dropped`,
  });
  return undefined;
}

/**
 * One canonical part → one Anthropic content block, or undefined (with a
 * warning) when Anthropic cannot hold it. `role` decides what is legal where.
 */
export function encodeAnthropicContentPart(input: {
  part: ContentPart;
  role: 'user' | 'assistant' | 'system';
  warnings: Warning[];
}): AnthropicBlock | undefined {
  const { part, role, warnings } = input;
  switch (part.type) {
    case 'text':
      return encodeTextPart(part, warnings);
    case 'image':
      if (role === 'assistant') return dropForeign({ protocol: 'assistant turn' }, 'image', warnings);
      return encodeImagePart(part, warnings);
    case 'file':
      if (role === 'assistant') return dropForeign({ protocol: 'assistant turn' }, 'file', warnings);
      return encodeFilePart(part, warnings);
    case 'reasoning': {
      if (role !== 'assistant') return dropForeign({ protocol: `${role} turn` }, 'reasoning', warnings);
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      if (part.signature?.origin !== 'anthropic') {
        // Anthropic rejects thinking it did not sign; the visible text is not worth a 400.
        warnings.push({
          code: 'reasoning-dropped',
          message: `Reasoning ${part.signature ? `signed by ${part.signature.origin}` : 'without a signature'} cannot be replayed to Anthropic; dropped`,
        });
        return undefined;
      }
      return { type: 'thinking', thinking: part.text, signature: packSignature(part.signature, 'anthropic') };
    }
    case 'tool-call': {
      if (role !== 'assistant') return dropForeign({ protocol: `${role} turn` }, 'tool-call', warnings);
      if (part.signature) {
        warnings.push({
          code: 'tool-call-signature-dropped',
          message: `Tool call ${part.name}: a ${part.signature.origin} signature has no Anthropic slot; dropped`,
        });
      }
      const block: AnthropicBlock = {
        ...ownExtraFields({
          extra: part.extra,
          protocol: 'anthropic',
          owner: `tool call ${part.name}`,
          warnings,
        }),
        type: 'tool_use',
        id: part.id,
        name: part.name,
        input: parseToolCallInput(part, warnings),
      };
      return withCacheControl(block, part.cacheControl);
    }
    case 'tool-result':
      if (role !== 'user') return dropForeign({ protocol: `${role} turn` }, 'tool-result', warnings);
      return encodeToolResultPart(part, warnings);
    case 'server-tool-call':
      if (part.protocol !== 'anthropic') return dropForeign(part, 'server-tool-call', warnings);
      return { type: 'server_tool_use', id: part.id, name: part.name, input: part.input };
    case 'server-tool-result':
      if (part.protocol !== 'anthropic') return dropForeign(part, 'server-tool-result', warnings);
      // `value` is the whole block as the provider sent it (decodeAnthropicContentBlock keeps it so).
      return isWireObject(part.value)
        ? { ...part.value, type: part.name, tool_use_id: part.toolCallId }
        : { type: part.name, tool_use_id: part.toolCallId, content: part.value };
    case 'opaque':
      if (part.protocol !== 'anthropic') return dropForeign(part, 'opaque-block', warnings);
      return part.value as AnthropicBlock;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}
