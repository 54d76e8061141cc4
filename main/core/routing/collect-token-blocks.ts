import type {
  BinarySource,
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  ToolDefinition,
  ToolResultContent,
} from '../protocols/canonical/types';

/**
 * Tokens charged for one image. Providers differ (Anthropic ≈ width×height/750,
 * at most ~1,600 for a full-size image; OpenAI high detail ≤ ~1,100; Gemini
 * 258) and the size is not known without decoding the image, so every image
 * counts as Anthropic's full-size figure: long-context routing would rather
 * switch a little early than overflow a window.
 */
export const IMAGE_TOKENS = 1_600;

/**
 * Tokens charged for a non-text document (a PDF, a file id). The page count is
 * unknown without parsing the file; this is roughly one dense page. Text
 * documents sent inline (`text/*`, JSON) are decoded and counted exactly.
 */
export const DOCUMENT_TOKENS = 1_600;

/**
 * One unit of memoisation: the system prompt, one message, or one tool
 * definition. Coding agents resend the same blocks every turn, so a block's
 * count is cached by the hash of `texts` + `fixedTokens`.
 */
export interface TokenBlock {
  /** Text counted with the o200k tokenizer. */
  texts: string[];
  /** Tokens for content that is not text (images, binary documents). */
  fixedTokens: number;
}

/** The request as blocks of countable text; what is counted is documented on each case. */
export function collectTokenBlocks(request: CanonicalRequest): TokenBlock[] {
  const blocks: TokenBlock[] = [];
  if (request.system.length > 0) {
    blocks.push({ texts: request.system.map((part) => part.text), fixedTokens: 0 });
  }
  for (const message of request.messages) blocks.push(collectMessage(message));
  for (const tool of request.tools) blocks.push(collectTool(tool));
  return blocks;
}

function collectMessage(message: CanonicalMessage): TokenBlock {
  const block: TokenBlock = { texts: [], fixedTokens: 0 };
  for (const part of message.content) collectPart(part, block);
  return block;
}

function collectPart(part: ContentPart, block: TokenBlock): void {
  switch (part.type) {
    case 'text':
    case 'image':
    case 'file':
      collectResultContent(part, block);
      return;
    case 'reasoning':
      // `text` already holds the summary text when there is one; summaries are
      // only counted when the decoder left `text` empty. Signatures and
      // encrypted reasoning are opaque to us and their token cost unknown.
      if (part.text !== '') block.texts.push(part.text);
      else if (part.summary !== undefined) block.texts.push(...part.summary);
      return;
    case 'tool-call':
      block.texts.push(part.name, part.arguments);
      return;
    case 'tool-result':
      for (const content of part.content) collectResultContent(content, block);
      return;
    case 'server-tool-call':
      block.texts.push(part.name, stringify(part.input));
      return;
    case 'server-tool-result':
      block.texts.push(stringify(part.value));
      return;
    case 'opaque':
      block.texts.push(stringify(part.value));
      return;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

function collectResultContent(content: ToolResultContent, block: TokenBlock): void {
  switch (content.type) {
    case 'text':
      block.texts.push(content.text);
      return;
    case 'image':
      block.fixedTokens += IMAGE_TOKENS;
      return;
    case 'file': {
      const text = inlineText(content.source);
      if (text === undefined) block.fixedTokens += DOCUMENT_TOKENS;
      else block.texts.push(text);
      return;
    }
    default: {
      const _exhaustive: never = content;
      return _exhaustive;
    }
  }
}

function collectTool(tool: ToolDefinition): TokenBlock {
  switch (tool.type) {
    case 'function':
      return { texts: [tool.name, tool.description ?? '', stringify(tool.inputSchema)], fixedTokens: 0 };
    case 'custom':
      return { texts: [tool.name, tool.description ?? '', stringify(tool.format)], fixedTokens: 0 };
    case 'builtin':
      return { texts: [tool.name, stringify(tool.value)], fixedTokens: 0 };
    default: {
      const _exhaustive: never = tool;
      return _exhaustive;
    }
  }
}

const TEXT_MEDIA_TYPE = /^(text\/|application\/(json|xml|x-yaml|yaml)\b)/i;

function inlineText(source: BinarySource): string | undefined {
  if (source.kind !== 'base64' || !TEXT_MEDIA_TYPE.test(source.mediaType)) return undefined;
  return Buffer.from(source.data, 'base64').toString('utf8');
}

function stringify(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
