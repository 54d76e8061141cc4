import { describe, expect, it } from 'vitest';
import { buildUpstreamHeaders, HOP_BY_HOP_HEADERS } from '../../main/core/upstream/build-upstream-headers';
import { loadClientCaptures } from '../helpers/fixtures';

const CLIENT_SECRETS = ['authorization', 'x-api-key', 'x-goog-api-key', 'cookie'];
const noCustom = { custom_headers: {} };

describe('buildUpstreamHeaders', () => {
  it('passes Claude Code traffic through to an Anthropic provider with our key and its beta flags', () => {
    const [capture] = loadClientCaptures(/^claude-text__claude-code/);
    if (capture === undefined) throw new Error('missing Claude Code capture');
    const headers = buildUpstreamHeaders({
      provider: noCustom,
      format: 'anthropic',
      apiKey: 'sk-ant-provider',
      clientHeaders: capture.headers,
      passthrough: true,
      bodyLength: 1234,
    });
    expect(headers['x-api-key']).toBe('sk-ant-provider');
    expect(headers['authorization']).toBeUndefined();
    expect(headers['anthropic-beta']).toBe(capture.headers['anthropic-beta']);
    expect(headers['anthropic-version']).toBe(capture.headers['anthropic-version']);
    expect(headers['user-agent']).toBe(capture.headers['user-agent']);
    expect(headers['x-claude-code-session-id']).toBe(capture.headers['x-claude-code-session-id']);
    expect(headers['content-length']).toBe('1234');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers['host']).toBeUndefined();
    expect(headers['connection']).toBeUndefined();
  });

  it('never forwards hop-by-hop headers or client credentials, whatever the client and format', () => {
    const captures = loadClientCaptures(/./);
    expect(captures.length).toBeGreaterThan(10);
    for (const capture of captures) {
      for (const format of ['chat', 'responses', 'anthropic', 'gemini'] as const) {
        for (const passthrough of [true, false]) {
          const headers = buildUpstreamHeaders({
            provider: noCustom,
            format,
            apiKey: 'our-key',
            clientHeaders: {
              ...capture.headers,
              'transfer-encoding': 'chunked',
              te: 'trailers',
              'proxy-authorization': 'Basic x',
              cookie: 'a=b',
              'keep-alive': 'timeout=5',
              'x-forwarded-for': '10.0.0.2',
            },
            passthrough,
          });
          for (const name of HOP_BY_HOP_HEADERS)
            expect(headers[name], `${capture.file} ${format} ${name}`).toBeUndefined();
          expect(headers['x-forwarded-for']).toBeUndefined();
          expect(headers['host']).toBeUndefined();
          for (const name of CLIENT_SECRETS) {
            const value = headers[name];
            if (value !== undefined) expect(value, `${capture.file} → ${format}: ${name}`).toMatch(/our-key/);
          }
          expect(JSON.stringify(headers)).not.toContain('<redacted');
        }
      }
    }
  });

  it('authenticates the way each format expects', () => {
    const build = (format: 'chat' | 'responses' | 'anthropic' | 'gemini') =>
      buildUpstreamHeaders({ provider: noCustom, format, apiKey: 'k1', passthrough: false });
    expect(build('chat')['authorization']).toBe('Bearer k1');
    expect(build('responses')['authorization']).toBe('Bearer k1');
    expect(build('anthropic')).toMatchObject({ 'x-api-key': 'k1', 'anthropic-version': '2023-06-01' });
    expect(build('anthropic')['authorization']).toBeUndefined();
    expect(build('gemini')['x-goog-api-key']).toBe('k1');
    expect(build('gemini')['authorization']).toBeUndefined();
    for (const format of ['chat', 'anthropic', 'gemini'] as const)
      expect(build(format)['content-type']).toBe('application/json');
    const keyless = buildUpstreamHeaders({
      provider: noCustom,
      format: 'chat',
      apiKey: '',
      passthrough: false,
    });
    expect(keyless['authorization']).toBeUndefined();
  });

  it('forwards only the user agent when converting (Codex → an Anthropic provider)', () => {
    const [capture] = loadClientCaptures(/^codex-text__codex/);
    if (capture === undefined) throw new Error('missing Codex capture');
    const headers = buildUpstreamHeaders({
      provider: noCustom,
      format: 'anthropic',
      apiKey: 'k',
      clientHeaders: capture.headers,
      passthrough: false,
    });
    expect(headers['user-agent']).toBe(capture.headers['user-agent']);
    expect(headers['session-id']).toBeUndefined();
    expect(headers['originator']).toBeUndefined();
    expect(headers['accept']).toBe('application/json, text/event-stream');
    // The same request passed through to an OpenAI provider keeps Codex's own headers.
    const passthrough = buildUpstreamHeaders({
      provider: noCustom,
      format: 'responses',
      apiKey: 'k',
      clientHeaders: capture.headers,
      passthrough: true,
    });
    expect(passthrough['session-id']).toBe(capture.headers['session-id']);
    expect(passthrough['authorization']).toBe('Bearer k');
  });

  it('applies custom_headers last: they win over auth and client headers, and an empty value removes one', () => {
    const headers = buildUpstreamHeaders({
      provider: {
        custom_headers: {
          Authorization: 'Token abc',
          'User-Agent': 'claude-cli/2.1.0 (external, cli)',
          'X-Title': 'ais',
          Accept: '',
        },
      },
      format: 'chat',
      apiKey: 'k',
      clientHeaders: { 'user-agent': 'OpenAI/JS 6.49.0', authorization: 'Bearer client' },
      passthrough: true,
    });
    expect(headers['authorization']).toBe('Token abc');
    expect(headers['user-agent']).toBe('claude-cli/2.1.0 (external, cli)');
    expect(headers['x-title']).toBe('ais');
    expect(headers['accept']).toBeUndefined();
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('keeps the client anthropic-version and beta only for Anthropic providers', () => {
    const clientHeaders = { 'anthropic-version': '2023-01-01', 'anthropic-beta': 'context-1m-2025-08-07' };
    const anthropic = buildUpstreamHeaders({
      provider: noCustom,
      format: 'anthropic',
      apiKey: 'k',
      clientHeaders,
      passthrough: false,
    });
    expect(anthropic['anthropic-version']).toBe('2023-01-01');
    expect(anthropic['anthropic-beta']).toBe('context-1m-2025-08-07');
    const chat = buildUpstreamHeaders({
      provider: noCustom,
      format: 'chat',
      apiKey: 'k',
      clientHeaders,
      passthrough: true,
    });
    expect(chat['anthropic-version']).toBeUndefined();
    expect(chat['anthropic-beta']).toBeUndefined();
  });
});
