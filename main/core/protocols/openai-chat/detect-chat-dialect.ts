import type { TargetContext } from '../canonical';

/**
 * The vendor behind a Chat Completions endpoint. Chat is a de-facto standard
 * with per-vendor dialects: where reasoning is switched on, whether reasoning
 * must be replayed, what a tool call id may look like.
 */
export type ChatDialect =
  | 'openai'
  | 'azure'
  | 'deepseek'
  | 'kimi'
  | 'zhipu'
  | 'qwen'
  | 'minimax'
  | 'openrouter'
  | 'mistral'
  | 'groq'
  | 'ollama'
  | 'xai'
  | 'generic';

const HOST_RULES: readonly { test: (host: string, port: string) => boolean; dialect: ChatDialect }[] = [
  { test: (host) => host === 'api.openai.com', dialect: 'openai' },
  {
    test: (host) =>
      isDomain(host, 'openai.azure.com') ||
      isDomain(host, 'cognitiveservices.azure.com') ||
      isDomain(host, 'services.ai.azure.com'),
    dialect: 'azure',
  },
  { test: (host) => isDomain(host, 'deepseek.com'), dialect: 'deepseek' },
  {
    test: (host) =>
      isDomain(host, 'moonshot.cn') || isDomain(host, 'moonshot.ai') || isDomain(host, 'kimi.com'),
    dialect: 'kimi',
  },
  { test: (host) => isDomain(host, 'bigmodel.cn') || isDomain(host, 'z.ai'), dialect: 'zhipu' },
  { test: (host) => host.includes('dashscope') && isDomain(host, 'aliyuncs.com'), dialect: 'qwen' },
  {
    test: (host) =>
      isDomain(host, 'minimax.io') || isDomain(host, 'minimaxi.com') || isDomain(host, 'minimax.chat'),
    dialect: 'minimax',
  },
  { test: (host) => isDomain(host, 'openrouter.ai'), dialect: 'openrouter' },
  { test: (host) => isDomain(host, 'mistral.ai'), dialect: 'mistral' },
  { test: (host) => isDomain(host, 'groq.com'), dialect: 'groq' },
  { test: (host) => isDomain(host, 'x.ai'), dialect: 'xai' },
  { test: (host, port) => isDomain(host, 'ollama.com') || port === '11434', dialect: 'ollama' },
];

/** Provider ids a user is likely to give a vendor behind a custom base URL (a relay, a gateway). */
const PROVIDER_ID_HINTS: readonly { hint: string; dialect: ChatDialect }[] = [
  { hint: 'deepseek', dialect: 'deepseek' },
  { hint: 'moonshot', dialect: 'kimi' },
  { hint: 'kimi', dialect: 'kimi' },
  { hint: 'zhipu', dialect: 'zhipu' },
  { hint: 'glm', dialect: 'zhipu' },
  { hint: 'dashscope', dialect: 'qwen' },
  { hint: 'qwen', dialect: 'qwen' },
  { hint: 'minimax', dialect: 'minimax' },
  { hint: 'openrouter', dialect: 'openrouter' },
  { hint: 'mistral', dialect: 'mistral' },
  { hint: 'groq', dialect: 'groq' },
  { hint: 'ollama', dialect: 'ollama' },
];

/** `host` is `domain` or one of its subdomains (so `x.ai` does not match `foox.ai`). */
function isDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export function detectChatDialect(target: Pick<TargetContext, 'baseUrl' | 'providerId'>): ChatDialect {
  let host = '';
  let port = '';
  try {
    const url = new URL(target.baseUrl);
    host = url.hostname.toLowerCase();
    port = url.port;
  } catch {
    // A base URL we cannot parse: fall back to the provider id below.
  }
  for (const rule of HOST_RULES) if (host !== '' && rule.test(host, port)) return rule.dialect;
  const providerId = target.providerId.toLowerCase();
  for (const { hint, dialect } of PROVIDER_ID_HINTS) if (providerId.includes(hint)) return dialect;
  return 'generic';
}

export function isOpenAiDialect(dialect: ChatDialect): boolean {
  return dialect === 'openai' || dialect === 'azure';
}

/**
 * Vendors whose thinking models want earlier reasoning sent back as
 * `reasoning_content` on assistant messages (interleaved thinking across tool
 * calls; DeepSeek answers 400 without it). OpenAI never gets it.
 */
export function replaysReasoningContent(dialect: ChatDialect): boolean {
  return (
    dialect === 'deepseek' ||
    dialect === 'kimi' ||
    dialect === 'zhipu' ||
    dialect === 'qwen' ||
    dialect === 'minimax'
  );
}

/** OpenAI reasoning models (o-series, gpt-5 family) reject `max_tokens` and sampling knobs. */
export function isOpenAiReasoningModel(model: string): boolean {
  const name = model.toLowerCase().replace(/^openai\//, '');
  return /^o\d/.test(name) || (name.startsWith('gpt-5') && !name.includes('chat'));
}
