import { describe, expect, it } from 'vitest';
import { clientFamily, parseClient } from '../../main/core/trace';
import { loadClientCaptures } from '../helpers/fixtures';

const EXPECTED_BY_CLIENT: Record<string, string> = {
  'claude-code': 'Claude Code 2.1.197',
  codex: 'Codex 0.169.0',
  'gemini-cli': 'Gemini CLI 0.61.0',
  'sdk-openai': 'OpenAI SDK (JS) 6.49.0',
  'sdk-anthropic': 'Anthropic SDK (JS) 1.11.0',
  'sdk-genai': 'Google GenAI SDK 2.32.0',
};

function userAgentOf(headers: Record<string, string>): string {
  const name = Object.keys(headers).find((header) => header.toLowerCase() === 'user-agent');
  return name === undefined ? '' : (headers[name] ?? '');
}

describe('parseClient', () => {
  const captures = loadClientCaptures(/./);

  it('covers every captured client', () => {
    expect(captures.length).toBeGreaterThan(30);
    expect(new Set(captures.map((capture) => capture.file.split('__')[1]))).toEqual(
      new Set(Object.keys(EXPECTED_BY_CLIENT)),
    );
  });

  it.each(captures.map((capture) => [capture.file, capture] as const))('%s', (_file, capture) => {
    const client = capture.file.split('__')[1] ?? '';
    expect(parseClient(userAgentOf(capture.headers))).toBe(EXPECTED_BY_CLIENT[client]);
  });

  it.each([
    ['curl/8.5.0', 'curl 8.5.0'],
    ['codex_cli_rs/0.170.0 (Mac OS 15.1.0; arm64) iTerm.app/3.5.10', 'Codex 0.170.0'],
    ['GeminiCLI/0.62.0/gemini-2.5-pro (darwin; arm64)', 'Gemini CLI 0.62.0'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'Mozilla/5.0'],
    ['', 'unknown'],
  ])('%s → %s', (userAgent, expected) => {
    expect(parseClient(userAgent)).toBe(expected);
  });
});

describe('clientFamily', () => {
  it('drops the version of a known client and of an unknown product token', () => {
    expect(clientFamily('Claude Code 2.1.197')).toBe('Claude Code');
    expect(clientFamily('Codex 0.169.0')).toBe('Codex');
    expect(clientFamily('OpenAI SDK (JS) 6.49.0')).toBe('OpenAI SDK (JS)');
    expect(clientFamily('python-requests/2.32.3')).toBe('python-requests');
    expect(clientFamily('unknown')).toBe('unknown');
    expect(clientFamily('OpenCode')).toBe('OpenCode');
  });
});
