import type {
  BinarySource,
  CacheControl,
  ContentPart,
  Converted,
  FilePart,
  ImagePart,
  TextPart,
  ToolResultContent,
  Warning,
} from '../canonical';
import { invalidRequest, unpackSignature } from '../canonical';
import type { WireObject } from './read-wire-value';
import { isWireObject, readBoolean, readString } from './read-wire-value';

/**
 * Where a block comes from: `request` blocks were written by a client and a
 * malformed one is rejected (400 naming the field); `response` blocks come
 * from an upstream and are read tolerantly.
 */
export interface BlockContext {
  mode: 'request' | 'response';
  /** JSON path of the block, for error messages (`messages[2].content[0]`). */
  path: string;
}

const SERVER_TOOL_CALL_FIELDS = new Set(['type', 'id', 'name', 'input']);

/** `web_search_tool_result`, `code_execution_tool_result`…: results of provider-executed tools. MCP results stay opaque. */
export function isServerToolResultType(type: string): boolean {
  return type.endsWith('_tool_result') && type !== 'tool_result' && type !== 'mcp_tool_result';
}

export function decodeCacheControl(value: unknown, warnings: Warning[]): CacheControl | undefined {
  if (!isWireObject(value)) return undefined;
  if (value.type !== 'ephemeral') {
    warnings.push({
      code: 'cache-control-dropped',
      message: `cache_control type ${String(value.type)} is not modelled; dropped`,
    });
    return undefined;
  }
  const ttl = readString(value.ttl);
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
}

function requireString(block: WireObject, field: string, context: BlockContext): string {
  const value = readString(block[field]);
  if (value !== undefined) return value;
  if (context.mode === 'request') throw invalidRequest(`${context.path}.${field}: expected a string`);
  return '';
}

function decodeTextBlock(block: WireObject, context: BlockContext, warnings: Warning[]): TextPart {
  const part: TextPart = { type: 'text', text: requireString(block, 'text', context) };
  const cacheControl = decodeCacheControl(block.cache_control, warnings);
  if (cacheControl) part.cacheControl = cacheControl;
  if (Array.isArray(block.citations)) part.citations = { protocol: 'anthropic', value: block.citations };
  return part;
}

function decodeImageSource(source: unknown, context: BlockContext): BinarySource | undefined {
  if (!isWireObject(source)) {
    if (context.mode === 'request') throw invalidRequest(`${context.path}.source: expected an object`);
    return undefined;
  }
  switch (source.type) {
    case 'base64':
      return {
        kind: 'base64',
        mediaType: readString(source.media_type) ?? 'application/octet-stream',
        data: readString(source.data) ?? '',
      };
    case 'url':
      return { kind: 'url', url: readString(source.url) ?? '' };
    case 'file':
      return { kind: 'file-id', fileId: readString(source.file_id) ?? '' };
    default:
      return undefined;
  }
}

/** Plain-text document sources travel as base64 `text/plain` (Anthropic's base64 source only takes PDFs, so the encoder can tell them apart). */
function decodeDocumentSource(source: unknown, context: BlockContext): BinarySource | undefined {
  if (!isWireObject(source)) {
    if (context.mode === 'request') throw invalidRequest(`${context.path}.source: expected an object`);
    return undefined;
  }
  switch (source.type) {
    case 'base64':
      return {
        kind: 'base64',
        mediaType: readString(source.media_type) ?? 'application/pdf',
        data: readString(source.data) ?? '',
      };
    case 'text':
      return {
        kind: 'base64',
        mediaType: readString(source.media_type) ?? 'text/plain',
        data: Buffer.from(readString(source.data) ?? '', 'utf8').toString('base64'),
      };
    case 'content':
      return typeof source.content === 'string'
        ? {
            kind: 'base64',
            mediaType: 'text/plain',
            data: Buffer.from(source.content, 'utf8').toString('base64'),
          }
        : undefined;
    case 'url':
      return { kind: 'url', url: readString(source.url) ?? '', mediaType: 'application/pdf' };
    case 'file':
      return { kind: 'file-id', fileId: readString(source.file_id) ?? '' };
    default:
      return undefined;
  }
}

function decodeImageBlock(
  block: WireObject,
  context: BlockContext,
  warnings: Warning[],
): ImagePart | undefined {
  const source = decodeImageSource(block.source, context);
  if (!source) return undefined;
  const part: ImagePart = { type: 'image', source };
  const cacheControl = decodeCacheControl(block.cache_control, warnings);
  if (cacheControl) part.cacheControl = cacheControl;
  return part;
}

function decodeDocumentBlock(
  block: WireObject,
  context: BlockContext,
  warnings: Warning[],
): FilePart | undefined {
  const source = decodeDocumentSource(block.source, context);
  if (!source) return undefined;
  const part: FilePart = { type: 'file', source };
  const title = readString(block.title);
  if (title !== undefined) part.title = title;
  const cacheControl = decodeCacheControl(block.cache_control, warnings);
  if (cacheControl) part.cacheControl = cacheControl;
  for (const field of ['context', 'citations'] as const) {
    if (block[field] !== undefined && block[field] !== null) {
      warnings.push({
        code: 'document-field-dropped',
        message: `${context.path}.${field} has no canonical slot; dropped`,
      });
    }
  }
  return part;
}

function decodeToolResultContent(
  content: unknown,
  context: BlockContext,
  warnings: Warning[],
): ToolResultContent[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    if (context.mode === 'request')
      throw invalidRequest(`${context.path}.content: expected a string or an array of blocks`);
    return [];
  }
  const parts: ToolResultContent[] = [];
  content.forEach((item: unknown, index) => {
    const itemContext = { mode: context.mode, path: `${context.path}.content[${index}]` };
    const decoded = isWireObject(item) ? decodeBlockPart(item, itemContext, warnings) : undefined;
    if (decoded && (decoded.type === 'text' || decoded.type === 'image' || decoded.type === 'file')) {
      parts.push(decoded);
      return;
    }
    // search_result, tool_reference…: keep the content as JSON text rather than lose it.
    warnings.push({
      code: 'tool-result-block-as-text',
      message: `${itemContext.path} (${String(isWireObject(item) ? item.type : typeof item)}) sent as JSON text`,
    });
    parts.push({ type: 'text', text: JSON.stringify(item) });
  });
  return parts;
}

function decodeBlockPart(
  block: WireObject,
  context: BlockContext,
  warnings: Warning[],
): ContentPart | undefined {
  const type = readString(block.type);
  if (type === undefined) {
    if (context.mode === 'request') throw invalidRequest(`${context.path}.type: expected a string`);
    return { type: 'opaque', protocol: 'anthropic', value: block };
  }
  switch (type) {
    case 'text':
      return decodeTextBlock(block, context, warnings);
    case 'image':
      return decodeImageBlock(block, context, warnings);
    case 'document':
      return decodeDocumentBlock(block, context, warnings);
    case 'thinking': {
      const signature = readString(block.signature);
      return {
        type: 'reasoning',
        text: readString(block.thinking) ?? '',
        ...(signature ? { signature: unpackSignature(signature, 'anthropic') } : {}),
      };
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: readString(block.data) ?? '' };
    case 'tool_use': {
      const id = requireString(block, 'id', context);
      const name = requireString(block, 'name', context);
      const input = block.input === undefined || block.input === null ? {} : block.input;
      const cacheControl = decodeCacheControl(block.cache_control, warnings);
      if (block.caller !== undefined) {
        warnings.push({
          code: 'tool-use-caller-dropped',
          message: `${context.path}.caller (programmatic tool calling) has no canonical slot; dropped`,
        });
      }
      return {
        type: 'tool-call',
        id,
        name,
        arguments: JSON.stringify(input),
        kind: 'function',
        ...(cacheControl ? { cacheControl } : {}),
      };
    }
    case 'tool_result': {
      const isError = readBoolean(block.is_error);
      const cacheControl = decodeCacheControl(block.cache_control, warnings);
      return {
        type: 'tool-result',
        toolCallId: requireString(block, 'tool_use_id', context),
        content: decodeToolResultContent(block.content, context, warnings),
        ...(isError !== undefined ? { isError } : {}),
        ...(cacheControl ? { cacheControl } : {}),
      };
    }
    case 'server_tool_use': {
      const dropped = Object.keys(block).filter((key) => !SERVER_TOOL_CALL_FIELDS.has(key));
      if (dropped.length > 0) {
        warnings.push({
          code: 'server-tool-field-dropped',
          message: `${context.path}: ${dropped.join(', ')} have no canonical slot; dropped`,
        });
      }
      return {
        type: 'server-tool-call',
        id: readString(block.id) ?? '',
        name: readString(block.name) ?? '',
        input: block.input ?? {},
        protocol: 'anthropic',
      };
    }
    default:
      if (isServerToolResultType(type)) {
        return {
          type: 'server-tool-result',
          toolCallId: readString(block.tool_use_id) ?? '',
          name: type,
          value: block,
          protocol: 'anthropic',
        };
      }
      return { type: 'opaque', protocol: 'anthropic', value: block };
  }
}

/**
 * One Anthropic content block (request or response) → one canonical part.
 * Blocks with no canonical counterpart (compaction, mcp_tool_use, search_result…)
 * become `opaque` parts so an Anthropic encoder writes them back verbatim.
 */
export function decodeAnthropicContentBlock(input: {
  block: unknown;
  context: BlockContext;
}): Converted<ContentPart> {
  const { block, context } = input;
  const warnings: Warning[] = [];
  if (!isWireObject(block)) {
    if (context.mode === 'request') throw invalidRequest(`${context.path}: expected a content block object`);
    return { value: { type: 'opaque', protocol: 'anthropic', value: block }, warnings };
  }
  const part = decodeBlockPart(block, context, warnings);
  if (part) return { value: part, warnings };
  warnings.push({
    code: 'unknown-source-kept-opaque',
    message: `${context.path}: unknown source kept as an opaque block`,
  });
  return { value: { type: 'opaque', protocol: 'anthropic', value: block }, warnings };
}
