import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAgentSandbox,
  OFF_ROUTE_KEY,
  ROUTE_KEY,
  runAis,
  spawnAis,
  type AgentSandbox,
} from '../helpers/agent-sandbox';

const TRICKY_ARGS = ['-p', 'two words', `it's "quoted"`, 'ünïcødé ✓ 中文', '$HOME', '--flag=a;b|c', ''];

async function waitForFile(file: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await delay(50);
  }
}

describe.skipIf(process.platform === 'win32')('ais agent with fake agents', () => {
  let sandbox: AgentSandbox;
  let url: string;
  let hashes: Record<string, string>;

  beforeAll(async () => {
    sandbox = createAgentSandbox();
    hashes = sandbox.hashUserFiles();
    const started = await runAis(['serve', '-d'], { env: sandbox.env });
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    url = /AI Switch (http:\/\/\S+)/.exec(started.stdout)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  afterAll(async () => {
    if (sandbox) await runAis(['stop'], { env: sandbox.env });
  });

  // Every launch below must leave the user's own agent settings byte for byte as they were.
  const expectUserFilesUntouched = (): void => expect(sandbox.hashUserFiles()).toEqual(hashes);

  it('Claude Code: base URL and route key as ANTHROPIC_AUTH_TOKEN, outranking the settings file, args exact', async () => {
    const result = await runAis(['agent', ROUTE_KEY, 'claude', ...TRICKY_ARGS], { env: sandbox.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('fake claude on stdout\n');
    expect(result.stderr).toBe('fake claude on stderr\n');
    const record = sandbox.record('claude');
    expect(record.env.ANTHROPIC_BASE_URL).toBe(url);
    expect(record.env.ANTHROPIC_AUTH_TOKEN).toBe(ROUTE_KEY);
    expect(record.env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(record.env.CLAUDE_CODE_USE_BEDROCK).toBeUndefined();
    expect(record.argv[0]).toBe('--settings');
    expect(JSON.parse(record.argv[1] as string)).toEqual({
      env: {
        ANTHROPIC_BASE_URL: url,
        ANTHROPIC_AUTH_TOKEN: ROUTE_KEY,
        ANTHROPIC_API_KEY: '',
        CLAUDE_CODE_USE_BEDROCK: '',
        CLAUDE_CODE_USE_VERTEX: '',
        CLAUDE_CODE_USE_FOUNDRY: '',
      },
    });
    expect(record.argv.slice(2)).toEqual(TRICKY_ARGS);
    expect(record.cwd).toBe(process.cwd());
    expectUserFilesUntouched();
  });

  it('Claude Code with --auth api-key: the route key as ANTHROPIC_API_KEY, the token blanked', async () => {
    const result = await runAis(['agent', '--auth', 'api-key', '--model', 'opus', ROUTE_KEY, 'claude'], {
      env: { ...sandbox.env, ANTHROPIC_AUTH_TOKEN: 'user-token' },
    });
    expect(result.code).toBe(0);
    const record = sandbox.record('claude');
    expect(record.env.ANTHROPIC_API_KEY).toBe(ROUTE_KEY);
    expect(record.env.ANTHROPIC_AUTH_TOKEN).toBeUndefined();
    const settings = JSON.parse(record.argv[1] as string) as { env: Record<string, string> };
    expect(settings.env).toMatchObject({ ANTHROPIC_API_KEY: ROUTE_KEY, ANTHROPIC_AUTH_TOKEN: '' });
    expect(record.argv.slice(2)).toEqual(['--model', 'opus']);
    expectUserFilesUntouched();
  });

  it('Codex: -c overrides define and select a Responses provider at /v1 keyed by an env variable', async () => {
    const result = await runAis(['agent', ROUTE_KEY, 'codex', 'exec', ...TRICKY_ARGS], { env: sandbox.env });
    expect(result.code).toBe(0);
    const record = sandbox.record('codex');
    expect(record.argv).toEqual([
      '-c',
      'model_provider="ai_switch"',
      '-c',
      'model_providers.ai_switch.name="AI Switch"',
      '-c',
      `model_providers.ai_switch.base_url="${url}/v1"`,
      '-c',
      'model_providers.ai_switch.wire_api="responses"',
      '-c',
      'model_providers.ai_switch.env_key="AI_SWITCH_ROUTE_KEY"',
      'exec',
      ...TRICKY_ARGS,
    ]);
    expect(record.env.AI_SWITCH_ROUTE_KEY).toBe(ROUTE_KEY);
    expectUserFilesUntouched();
  });

  it("Gemini CLI: base URL, key, and a home of ours with the user's settings plus the API-key auth", async () => {
    const result = await runAis(['agent', ROUTE_KEY, 'gemini', ...TRICKY_ARGS], { env: sandbox.env });
    expect(result.code).toBe(0);
    const record = sandbox.record('gemini');
    const shadowHome = path.join(sandbox.aisHome, 'agents', 'gemini-home');
    expect(record.env).toMatchObject({
      GOOGLE_GEMINI_BASE_URL: url,
      GEMINI_API_KEY: ROUTE_KEY,
      GEMINI_DEFAULT_AUTH_TYPE: 'gemini-api-key',
      GEMINI_CLI_HOME: shadowHome,
    });
    expect(record.env.GOOGLE_GENAI_USE_VERTEXAI).toBeUndefined();
    expect(JSON.parse(readFileSync(path.join(shadowHome, '.gemini', 'settings.json'), 'utf8'))).toEqual({
      security: { auth: { selectedType: 'gemini-api-key' } },
    });
    expect(record.argv).toEqual(TRICKY_ARGS);
    expectUserFilesUntouched();
  });

  it('OpenCode: a provider and model passed in OPENCODE_CONFIG_CONTENT', async () => {
    const result = await runAis(['agent', ROUTE_KEY, 'opencode', 'run', 'hi there'], { env: sandbox.env });
    expect(result.code).toBe(0);
    const record = sandbox.record('opencode');
    expect(JSON.parse(record.env.OPENCODE_CONFIG_CONTENT as string)).toEqual({
      provider: {
        'ai-switch': {
          npm: '@ai-sdk/openai-compatible',
          name: 'AI Switch',
          options: { baseURL: `${url}/v1`, apiKey: ROUTE_KEY },
          models: { 'sandbox-model': { name: 'sandbox-model' } },
        },
      },
      model: 'ai-switch/sandbox-model',
    });
    expect(record.argv).toEqual(['run', 'hi there']);
    expectUserFilesUntouched();
  });

  it('passes the exit code through', async () => {
    const result = await runAis(['agent', ROUTE_KEY, 'codex'], {
      env: { ...sandbox.env, FAKE_AGENT_EXIT: '7' },
    });
    expect(result.code).toBe(7);
    expectUserFilesUntouched();
  });

  it('dies by the signal the agent died by', async () => {
    const result = await runAis(['agent', ROUTE_KEY, 'gemini'], {
      env: { ...sandbox.env, FAKE_AGENT_MODE: 'die-by-signal' },
    });
    expect(result.signal).toBe('SIGTERM');
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`forwards ${signal} to the agent and stays until it exits`, async () => {
      const records = path.join(sandbox.records, signal);
      mkdirSync(records, { recursive: true });
      const child = spawnAis(['agent', ROUTE_KEY, 'claude'], {
        env: { ...sandbox.env, FAKE_AGENT_MODE: 'wait-signal', FAKE_AGENT_RECORD_DIR: records },
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await waitForFile(path.join(records, 'claude.ready'));
      child.kill(signal);
      expect(await exited).toBe(42);
      expect(readFileSync(path.join(records, 'claude.signal'), 'utf8')).toBe(signal);
    });
  }

  it('refuses a disabled route, an unknown route and a missing agent with one line each', async () => {
    const disabled = await runAis(['agent', OFF_ROUTE_KEY, 'claude'], { env: sandbox.env });
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toBe(
      `ais: the route "${OFF_ROUTE_KEY}" is disabled: enable it in the config or the dashboard\n`,
    );

    const unknown = await runAis(['agent', 'ais-no-such-route', 'claude'], { env: sandbox.env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^ais: there is no route "ais-no-such-route" in the config \(2 routes defined\).*\n$/,
    );

    const missing = await runAis(['agent', ROUTE_KEY, 'claude'], {
      env: { ...sandbox.env, PATH: '/usr/bin:/bin' },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'ais: Claude Code (`claude`) is not on PATH: install it with `npm i -g @anthropic-ai/claude-code`\n',
    );
    const noKey = await runAis(['agent', 'gemini'], { env: sandbox.env, cwd: sandbox.home });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr.split('\n')).toHaveLength(2);
    expect(noKey.stderr).toContain('.ai-switch.yaml');
    expectUserFilesUntouched();
  });

  it('uses the .ai-switch.yaml found two levels up: its route and its model for the agent', async () => {
    const project = path.join(sandbox.home, 'project');
    const deep = path.join(project, 'src', 'lib');
    mkdirSync(deep, { recursive: true });
    writeFileSync(
      path.join(project, '.ai-switch.yaml'),
      `route: ${ROUTE_KEY}\nagents:\n  codex:\n    model: gpt-5-codex\n  claude:\n    model: sonnet\n`,
    );
    const result = await runAis(['agent', 'codex', 'exec', 'x'], { env: sandbox.env, cwd: deep });
    expect(result.code).toBe(0);
    const record = sandbox.record('codex');
    expect(record.cwd).toBe(deep);
    expect(record.env.AI_SWITCH_ROUTE_KEY).toBe(ROUTE_KEY);
    expect(record.argv.slice(-4)).toEqual(['-m', 'gpt-5-codex', 'exec', 'x']);

    const explained = await runAis(['agent', '--explain', 'claude'], { env: sandbox.env, cwd: deep });
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`profile: ${path.join(project, '.ai-switch.yaml')}`);
    expect(explained.stdout).toContain('--model sonnet');
    expect(explained.stdout).toContain(`ANTHROPIC_BASE_URL=${url}`);
    expect(explained.stdout).toContain('ANTHROPIC_AUTH_TOKEN=ais-…6789');
    expect(explained.stdout).not.toContain(ROUTE_KEY);
    expectUserFilesUntouched();
  });

  it('ais env prints the same variables for each shell', async () => {
    const bash = await runAis(['env', ROUTE_KEY, '--shell', 'bash', '--agent', 'codex'], {
      env: sandbox.env,
    });
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain(`export AI_SWITCH_ROUTE_KEY=${ROUTE_KEY}\n`);
    expect(bash.stdout).toContain(`# also pass: codex -c 'model_provider="ai_switch"'`);
    const fish = await runAis(['env', ROUTE_KEY, '--shell', 'fish'], { env: sandbox.env });
    expect(fish.stdout).toContain(`set -gx ANTHROPIC_BASE_URL ${url}\n`);
    expect(fish.stdout).toContain(`set -gx OPENAI_BASE_URL ${url}/v1\n`);
    expect(fish.stdout).toContain('set -e ANTHROPIC_API_KEY\n');
    const powershell = await runAis(['env', ROUTE_KEY, '--shell', 'powershell', '--agent', 'gemini'], {
      env: sandbox.env,
    });
    expect(powershell.stdout).toContain(`$env:GEMINI_API_KEY = '${ROUTE_KEY}'\n`);
    expect(powershell.stdout).toContain(
      'Remove-Item Env:GOOGLE_GENAI_USE_VERTEXAI -ErrorAction SilentlyContinue\n',
    );
    const wrongShell = await runAis(['env', ROUTE_KEY, '--shell', 'fsh'], { env: sandbox.env });
    expect(wrongShell.code).toBe(2);
    expect(wrongShell.stderr).toContain('(did you mean fish?)');
    expectUserFilesUntouched();
  });
});
