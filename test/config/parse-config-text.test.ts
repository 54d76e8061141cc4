import { describe, expect, it } from 'vitest';
import { parseConfigText, type ConfigProblem } from '../../main/core/config';

function problemAt(problems: ConfigProblem[], path: string): ConfigProblem | undefined {
  return problems.find((problem) => problem.path === path);
}

// A file in the shape the original ai-switch (Go) wrote: its users bring it unchanged.
const ORIGINAL_AI_SWITCH_FILE = `server:
  host: "127.0.0.1"
  port: 12345
  allowed_ips: ["192.168.1.0/24", "10.0.0.7"]
  proxy_url: "socks5://127.0.0.1:1080"
log_retention_days: 14
llm_log_enabled: true
default_route: "gw-default"
default_anthropic_route: "gw-zhipu"
default_responses_route: "gw-default"
default_chat_route: "gw-default"
providers:
  minimax:
    name: "MiniMax"
    base_url: "https://api.minimaxi.com"
    api_key: "\${MINIMAX_API_KEY}"
    format: "chat"
    think_tag: "think"
    logo_url: ""
    sponsor: true
    models:
      - "MiniMax-M2.5"
  kimi:
    name: "Kimi"
    base_url: "https://api.kimi.com/coding"
    path: "/v1/messages"
    api_key: "k-1"
    fallback_keys: ["k-2", "k-3"]
    format: "anthropic"
    enable_proxy: true
    custom_headers:
      User-Agent: "claude-code/1.0.0"
  zhipu:
    name: "Zhipu"
    base_url: "https://open.bigmodel.cn/api/anthropic"
    api_key: "z"
    format: "anthropic"
    models: ["glm-5.1", "glm-4.7", "glm-4.5-air"]
routes:
  "gw-default":
    provider: "minimax"
    default_model: "MiniMax-M2.5"
    scene_map:
      default: "MiniMax-M2.5"
      think: "zhipu:glm-5.1"
      websearch: "zhipu|glm-4.7"
  "gw-zhipu":
    provider: "zhipu"
    default_model: "glm-5.1"
    disabled: false
    long_context_threshold: 60000
    scene_map:
      background: "glm-4.5-air"
      longContext: "glm-5.1"
      image: "glm-4.7"
    model_map:
      "gpt-4o": "glm-5.1"
      "Claude-Sonnet-4-5": "kimi|kimi-k2"
`;

describe('parseConfigText', () => {
  it('loads a file written for the original ai-switch unchanged, without problems', () => {
    const parsed = parseConfigText({ text: ORIGINAL_AI_SWITCH_FILE, env: { MINIMAX_API_KEY: 'mm-secret' } });
    expect(parsed.problems).toEqual([]);
    const config = parsed.config!;
    expect(config.server.allowed_ips).toEqual(['192.168.1.0/24', '10.0.0.7']);
    expect(config.providers.minimax?.api_key).toBe('mm-secret');
    expect(config.providers.kimi?.custom_headers).toEqual({ 'User-Agent': 'claude-code/1.0.0' });
    expect(config.routes['gw-zhipu']?.scene_map.longContext).toBe('glm-5.1');
    expect(Object.keys(config.routes['gw-zhipu']!.model_map)).toEqual(['gpt-4o', 'Claude-Sonnet-4-5']);
    expect(parsed.envRefs).toEqual([
      {
        path: ['providers', 'minimax', 'api_key'],
        template: '${MINIMAX_API_KEY}',
        expanded: 'mm-secret',
        variables: ['MINIMAX_API_KEY'],
      },
    ]);
  });

  it('fills the documented defaults for an empty file', () => {
    const parsed = parseConfigText({ text: '', env: {} });
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.server).toMatchObject({ host: '127.0.0.1', port: 12345, allowed_ips: [] });
    expect(parsed.config?.log_retention_days).toBe(30);
    expect(parsed.config?.providers).toEqual({});
  });

  it('reports malformed YAML with its line and column and builds no config', () => {
    const parsed = parseConfigText({ text: 'server:\n  port: 1\nproviders:\n  x: [1, 2\n', env: {} });
    expect(parsed.config).toBeUndefined();
    expect(parsed.problems.length).toBeGreaterThan(0);
    expect(parsed.problems[0]).toMatchObject({ severity: 'error', line: 5, column: 1 });
    expect(parsed.problems[0]?.message).toMatch(/^YAML: /);
  });

  it('reports duplicate keys as errors with their position', () => {
    const parsed = parseConfigText({ text: 'server:\n  port: 1\n  port: 2\n', env: {} });
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', line: 3, column: 3 }),
    );
  });

  it('names the field path for wrong types and missing required fields', () => {
    const text = 'server:\n  port: "abc"\nproviders:\n  ds:\n    format: chatt\n    models: deepseek-chat\n';
    const parsed = parseConfigText({ text, env: {} });
    expect(parsed.config).toBeUndefined();
    expect(problemAt(parsed.problems, 'server.port')).toMatchObject({
      severity: 'error',
      message: 'must be a number, not text',
      line: 2,
      column: 9,
    });
    expect(problemAt(parsed.problems, 'providers.ds.base_url')).toMatchObject({
      message: 'is required',
      line: 5,
    });
    expect(problemAt(parsed.problems, 'providers.ds.format')?.message).toBe(
      'must be one of chat, responses, anthropic, gemini, not "chatt"',
    );
    expect(problemAt(parsed.problems, 'providers.ds.models')?.message).toBe('must be a list, not text');
  });

  it('warns about unknown fields at any depth, pointing at the key, and keeps them in the config', () => {
    const text = [
      'colour: blue',
      'server:',
      '  prot: 1',
      'providers:',
      '  ds:',
      '    base_url: https://api.deepseek.com',
      '    Format: chat',
      'routes:',
      '  r:',
      '    provider: ds',
      '    extra: 1',
      'upstream:',
      '  base_url: https://old',
    ].join('\n');
    const parsed = parseConfigText({ text, env: {} });
    expect(parsed.config).toBeDefined();
    expect(parsed.problems.every((problem) => problem.severity === 'warning')).toBe(true);
    expect(problemAt(parsed.problems, 'colour')).toMatchObject({ line: 1, column: 1 });
    expect(problemAt(parsed.problems, 'server.prot')?.message).toContain('did you mean "port"?');
    expect(problemAt(parsed.problems, 'providers.ds.Format')).toMatchObject({ line: 7, column: 5 });
    expect(problemAt(parsed.problems, 'providers.ds.Format')?.message).toContain('did you mean "format"?');
    expect(problemAt(parsed.problems, 'routes.r.extra')).toMatchObject({ line: 11 });
    expect(problemAt(parsed.problems, 'upstream')?.message).toContain('retired field');
    expect((parsed.config as Record<string, unknown>).colour).toBe('blue');
  });

  it('expands ${VAR} inside strings, never in keys, and warns about unset or empty variables', () => {
    const text = [
      'providers:',
      '  ds:',
      '    base_url: https://${DS_HOST}/v1',
      '    api_key: ${DS_KEY}',
      '    custom_headers:',
      '      X-${NOT_EXPANDED}: "Bearer ${TOKEN}"',
    ].join('\n');
    const parsed = parseConfigText({ text, env: { DS_HOST: 'api.deepseek.com', TOKEN: '' } });
    expect(parsed.config?.providers.ds?.base_url).toBe('https://api.deepseek.com/v1');
    // An unset key is left out (the provider goes keyless; a request to it names the variable).
    expect(parsed.config?.providers.ds?.api_key).toBeUndefined();
    expect(parsed.config?.providers.ds?.custom_headers).toEqual({ 'X-${NOT_EXPANDED}': 'Bearer ' });
    expect(problemAt(parsed.problems, 'providers.ds.api_key')).toMatchObject({
      severity: 'warning',
      message:
        'environment variable ${DS_KEY} is not set: provider ds has no key, so its requests are answered with an error naming this variable',
      line: 4,
    });
    expect(problemAt(parsed.problems, 'providers.ds.custom_headers.X-${NOT_EXPANDED}')?.message).toBe(
      'environment variable ${TOKEN} is set but empty',
    );
  });

  it('skips what an unset variable empties, everywhere a ${VAR} can be, with a warning each: the config loads', () => {
    const text = [
      'server:',
      '  proxy_url: ${PROXY}',
      '  allowed_ips: ["${OFFICE_NET}"]',
      'default_route: ${ROUTE}',
      'providers:',
      '  ds:',
      '    base_url: ${DS_URL}',
      '    fallback_keys: ["${DS_KEY_2}", "sk-set"]',
      '    models: [a, "${EXTRA}"]',
      '    think_tag: ${TAG}',
      'routes:',
      '  r: { provider: ds, default_model: "${MODEL}", fallback: ["${FALLBACK}"], model_map: { x: "${MAPPED}" } }',
      '  gone: { provider: "${GHOST}" }',
    ].join('\n');
    const parsed = parseConfigText({ text, env: {} });
    expect(parsed.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const config = parsed.config!;
    expect(config.server.proxy_url).toBeUndefined();
    expect(config.server.allowed_ips).toEqual([]);
    expect(config.default_route).toBeUndefined();
    expect(config.providers.ds).toMatchObject({ fallback_keys: ['sk-set'], models: ['a'] });
    expect(config.providers.ds?.think_tag).toBeUndefined();
    expect(config.routes.r).toMatchObject({ provider: 'ds', fallback: [], model_map: {} });
    expect(config.routes.r?.default_model).toBeUndefined();
    expect(config.routes.gone).toBeUndefined();
    expect(
      parsed.problems.map((problem) => `${problem.severity} ${problem.path}: ${problem.message}`),
    ).toEqual(
      expect.arrayContaining([
        'warning providers.ds.base_url: environment variable ${DS_URL} is not set: provider ds is not used until it is set',
        'warning providers.ds.fallback_keys[0]: environment variable ${DS_KEY_2} is not set: this entry is skipped',
        'warning routes.gone.provider: environment variable ${GHOST} is not set: route gone is skipped',
        'warning server.proxy_url: environment variable ${PROXY} is not set: the setting is left out',
      ]),
    );
    expect(parsed.problems).toHaveLength(11);
  });

  it('rejects a file that is not a mapping', () => {
    const parsed = parseConfigText({ text: '- a\n- b\n', env: {} });
    expect(parsed.config).toBeUndefined();
    expect(parsed.problems[0]?.message).toContain('must be a mapping');
  });

  it('accepts YAML merge keys, as the original ai-switch did', () => {
    const text = [
      'providers:',
      '  a: &base',
      '    base_url: https://a.example',
      '    format: anthropic',
      '  b:',
      '    <<: *base',
      '    base_url: https://b.example',
    ].join('\n');
    const parsed = parseConfigText({ text, env: {} });
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.providers.b).toMatchObject({ base_url: 'https://b.example', format: 'anthropic' });
  });
});
