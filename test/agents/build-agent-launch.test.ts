import { describe, expect, it } from 'vitest';
import { buildAgentLaunch, buildChildEnv } from '../../main/cli/agents/build-agent-launch';
import { describeAgentLaunch } from '../../main/cli/agents/describe-agent-launch';

const base = {
  proxyUrl: 'http://127.0.0.1:12345/',
  routeKey: 'ais-unit-route-key-0001',
  args: ['--verbose'],
  gemini: {
    shadowHome: '/home/u/.ai-switch/agents/gemini-home',
    userGeminiDir: '/home/u/.gemini',
    userSettings: undefined,
    userEntries: [],
    platform: 'linux' as const,
  },
  routeModels: [],
};

describe('per-process launch settings', () => {
  it('Claude Code: settings JSON carries the same env, the model flag comes before the user args', () => {
    const launch = buildAgentLaunch({ ...base, agent: 'claude', model: 'sonnet' });
    expect(launch.executable).toBe('claude');
    expect(launch.env).toEqual({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:12345',
      ANTHROPIC_AUTH_TOKEN: base.routeKey,
    });
    expect(launch.unsetEnv).toContain('ANTHROPIC_API_KEY');
    expect(launch.args.slice(2)).toEqual(['--model', 'sonnet', '--verbose']);
    expect(JSON.parse(launch.args[1] as string).env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:12345');
    expect(launch.files).toEqual([]);
  });

  it('Codex: TOML strings stay valid for URLs with quotes or backslashes', () => {
    const launch = buildAgentLaunch({ ...base, agent: 'codex', proxyUrl: 'http://[::1]:8080' });
    expect(launch.args).toContain('model_providers.ai_switch.base_url="http://[::1]:8080/v1"');
    expect(launch.args.at(-1)).toBe('--verbose');
    expect(launch.env).toEqual({ AI_SWITCH_ROUTE_KEY: base.routeKey });
  });

  it("Gemini CLI: a home of ours whose settings are the user's with the auth chosen, the rest linked", () => {
    const launch = buildAgentLaunch({
      ...base,
      agent: 'gemini',
      model: 'gemini-2.5-pro',
      gemini: {
        ...base.gemini,
        userSettings: {
          ui: { theme: 'GitHub' },
          security: { auth: { selectedType: 'oauth-personal' }, folderTrust: { enabled: true } },
        },
        userEntries: ['settings.json', 'oauth_creds.json', 'extensions', 'GEMINI.md'],
      },
    });
    expect(launch.args).toEqual(['-m', 'gemini-2.5-pro', '--verbose']);
    expect(launch.env).toEqual({
      GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:12345',
      GEMINI_API_KEY: base.routeKey,
      GEMINI_DEFAULT_AUTH_TYPE: 'gemini-api-key',
      GEMINI_CLI_HOME: '/home/u/.ai-switch/agents/gemini-home',
    });
    expect(launch.files).toHaveLength(1);
    expect(launch.files[0]?.path).toBe('/home/u/.ai-switch/agents/gemini-home/.gemini/settings.json');
    expect(JSON.parse(launch.files[0]?.content as string)).toEqual({
      ui: { theme: 'GitHub' },
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: true } },
    });
    expect(launch.links).toEqual(
      ['oauth_creds.json', 'extensions', 'GEMINI.md'].map((entry) => ({
        path: `/home/u/.ai-switch/agents/gemini-home/.gemini/${entry}`,
        target: `/home/u/.gemini/${entry}`,
      })),
    );
  });

  it('OpenCode: lists the route models, the asked one first', () => {
    const launch = buildAgentLaunch({
      ...base,
      agent: 'opencode',
      model: 'kimi-k2',
      routeModels: ['glm-4.6', 'kimi-k2'],
    });
    const config = JSON.parse(launch.env.OPENCODE_CONFIG_CONTENT as string);
    expect(Object.keys(config.provider['ai-switch'].models)).toEqual(['kimi-k2', 'glm-4.6']);
    expect(config.model).toBe('ai-switch/kimi-k2');
  });

  it('the child env removes what would misdirect it and adds ours', () => {
    const launch = buildAgentLaunch({ ...base, agent: 'claude' });
    const env = buildChildEnv(
      {
        PATH: '/bin',
        ANTHROPIC_API_KEY: 'sk-own',
        CLAUDE_CODE_USE_VERTEX: '1',
        ANTHROPIC_BASE_URL: 'https://x',
      },
      launch,
    );
    expect(env).toEqual({
      PATH: '/bin',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:12345',
      ANTHROPIC_AUTH_TOKEN: base.routeKey,
    });
  });

  it('--explain masks the route key everywhere, including inside the settings JSON', () => {
    const launch = buildAgentLaunch({ ...base, agent: 'claude' });
    const text = describeAgentLaunch({
      launch,
      command: '/usr/bin/claude',
      routeKey: base.routeKey,
      routeSource: 'command line',
      proxyUrl: 'http://127.0.0.1:12345',
      proxyNote: 'running, pid 1',
      profile: undefined,
      cwd: '/w',
    });
    expect(text).not.toContain(base.routeKey);
    expect(text).toContain('ANTHROPIC_AUTH_TOKEN=ais-…0001');
    expect(text).toContain(
      `argv:\n  /usr/bin/claude --settings '{"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:12345","ANTHROPIC_AUTH_TOKEN":"ais-…0001"`,
    );
  });
});
