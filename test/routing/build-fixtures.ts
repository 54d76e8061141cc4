import { configSchema, type AppConfig } from '../../main/core/config/schema';
import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  ImagePart,
  ToolDefinition,
} from '../../main/core/protocols/canonical/types';

/** A config as the loader would produce it (schema defaults applied). */
export function buildConfig(raw: Record<string, unknown>): AppConfig {
  return configSchema.parse(raw);
}

export function buildRequest(overrides: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [userText('hello')],
    tools: [],
    stream: true,
    ...overrides,
  };
}

export function userText(text: string): CanonicalMessage {
  return { role: 'user', content: [{ type: 'text', text }] };
}

export function message(role: CanonicalMessage['role'], ...content: ContentPart[]): CanonicalMessage {
  return { role, content };
}

export const PNG_IMAGE: ImagePart = {
  type: 'image',
  source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
};

export const WEB_SEARCH_TOOL: ToolDefinition = {
  type: 'builtin',
  name: 'web_search',
  protocol: 'anthropic',
  value: { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
};

export const READ_TOOL: ToolDefinition = {
  type: 'function',
  name: 'Read',
  description: 'Reads a file from the local filesystem.',
  inputSchema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};
