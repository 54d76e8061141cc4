import { describe, expect, it } from 'vitest';
import { buildConnectSnippets } from '../../renderer/src/lib/build-connect-snippets';

const options = {
  baseUrl: 'http://127.0.0.1:12345/',
  routeKey: 'sk-ais-0123456789abcdef',
  model: 'deepseek-chat',
};

describe('buildConnectSnippets', () => {
  const snippets = buildConnectSnippets(options);
  const byClient = Object.fromEntries(snippets.map((snippet) => [snippet.client, snippet.text]));

  it('covers the four agents, the three SDKs and curl', () => {
    expect(snippets.map((snippet) => snippet.client)).toEqual([
      'claudeCode',
      'codex',
      'geminiCli',
      'opencode',
      'anthropicSdk',
      'openaiSdk',
      'genaiSdk',
      'curl',
    ]);
  });

  it('gives Claude Code the bare base URL and the route key as its token', () => {
    expect(byClient.claudeCode).toBe(
      'ANTHROPIC_BASE_URL=http://127.0.0.1:12345 ANTHROPIC_AUTH_TOKEN=sk-ais-0123456789abcdef claude',
    );
  });

  it('points OpenAI-style clients at /v1 and Google-style ones at the root', () => {
    expect(byClient.openaiSdk).toContain("baseURL: 'http://127.0.0.1:12345/v1'");
    expect(byClient.codex).toContain('base_url="http://127.0.0.1:12345/v1"');
    expect(byClient.genaiSdk).toContain("baseUrl: 'http://127.0.0.1:12345'");
    expect(byClient.geminiCli).toContain('GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:12345 ');
  });

  it('writes an OpenCode config that is valid JSON naming the model', () => {
    const config = JSON.parse(byClient.opencode ?? '') as {
      model: string;
      provider: { ais: { options: { apiKey: string } } };
    };
    expect(config.model).toBe('ais/deepseek-chat');
    expect(config.provider.ais.options.apiKey).toBe(options.routeKey);
  });

  it('puts the route key in every snippet', () => {
    for (const snippet of snippets) expect(snippet.text, snippet.client).toContain(options.routeKey);
  });

  it('quotes a value the shell would split', () => {
    const quoted = buildConnectSnippets({ ...options, routeKey: "it's a key" });
    expect(quoted.find((snippet) => snippet.client === 'claudeCode')?.text).toContain(
      `ANTHROPIC_AUTH_TOKEN='it'\\''s a key'`,
    );
  });
});
