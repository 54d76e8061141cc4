export type SnippetClient =
  'claudeCode' | 'codex' | 'geminiCli' | 'opencode' | 'anthropicSdk' | 'openaiSdk' | 'genaiSdk' | 'curl';

export interface ConnectSnippet {
  client: SnippetClient;
  /** For the code block's label and syntax: a shell line, a file, or code. */
  language: 'shell' | 'json' | 'typescript';
  /** Where the text goes, when it is a file (OpenCode's config). */
  file?: string;
  text: string;
}

/** Shell-quotes a value only when it needs it, so the common command stays readable. */
function shellValue(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * How each client reaches AI Switch with a route key as its API key. Every
 * client keeps its own protocol; the route decides the provider and model.
 * `baseUrl` is the listen URL without a trailing slash.
 */
export function buildConnectSnippets(options: {
  baseUrl: string;
  routeKey: string;
  model: string;
}): ConnectSnippet[] {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const key = options.routeKey;
  const model = options.model;
  return [
    {
      client: 'claudeCode',
      language: 'shell',
      text: `ANTHROPIC_BASE_URL=${shellValue(baseUrl)} ANTHROPIC_AUTH_TOKEN=${shellValue(key)} claude`,
    },
    {
      client: 'codex',
      language: 'shell',
      text: [
        `AIS_ROUTE_KEY=${shellValue(key)} codex \\`,
        `  -c model_provider=ais \\`,
        `  -c 'model_providers.ais={name="AI Switch",base_url="${baseUrl}/v1",env_key="AIS_ROUTE_KEY",wire_api="responses"}' \\`,
        `  -m ${shellValue(model)}`,
      ].join('\n'),
    },
    {
      client: 'geminiCli',
      language: 'shell',
      text: `GOOGLE_GEMINI_BASE_URL=${shellValue(baseUrl)} GEMINI_API_KEY=${shellValue(key)} gemini -m ${shellValue(model)}`,
    },
    {
      client: 'opencode',
      language: 'json',
      file: 'opencode.json',
      text: JSON.stringify(
        {
          $schema: 'https://opencode.ai/config.json',
          provider: {
            ais: {
              npm: '@ai-sdk/openai-compatible',
              name: 'AI Switch',
              options: { baseURL: `${baseUrl}/v1`, apiKey: key },
              models: { [model]: {} },
            },
          },
          model: `ais/${model}`,
        },
        null,
        2,
      ),
    },
    {
      client: 'anthropicSdk',
      language: 'typescript',
      text: [
        `import Anthropic from '@anthropic-ai/sdk';`,
        ``,
        `const client = new Anthropic({ baseURL: '${baseUrl}', apiKey: '${key}' });`,
        `const message = await client.messages.create({`,
        `  model: '${model}',`,
        `  max_tokens: 1024,`,
        `  messages: [{ role: 'user', content: 'Hello' }],`,
        `});`,
      ].join('\n'),
    },
    {
      client: 'openaiSdk',
      language: 'typescript',
      text: [
        `import OpenAI from 'openai';`,
        ``,
        `const client = new OpenAI({ baseURL: '${baseUrl}/v1', apiKey: '${key}' });`,
        `const completion = await client.chat.completions.create({`,
        `  model: '${model}',`,
        `  messages: [{ role: 'user', content: 'Hello' }],`,
        `});`,
      ].join('\n'),
    },
    {
      client: 'genaiSdk',
      language: 'typescript',
      text: [
        `import { GoogleGenAI } from '@google/genai';`,
        ``,
        `const ai = new GoogleGenAI({ apiKey: '${key}', httpOptions: { baseUrl: '${baseUrl}' } });`,
        `const response = await ai.models.generateContent({ model: '${model}', contents: 'Hello' });`,
      ].join('\n'),
    },
    {
      client: 'curl',
      language: 'shell',
      text: [
        `curl ${baseUrl}/v1/messages \\`,
        `  -H 'x-api-key: ${key}' \\`,
        `  -H 'anthropic-version: 2023-06-01' \\`,
        `  -H 'content-type: application/json' \\`,
        `  -d '${JSON.stringify({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] })}'`,
      ].join('\n'),
    },
  ];
}
