import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgentClis } from '../helpers/agent-cli-cache';
import { runAis } from '../helpers/agent-sandbox';
import {
  startToolRoundTripUpstream,
  type ToolPlan,
  type ToolRoundTripUpstream,
  type UpstreamFormat,
} from '../helpers/tool-round-trip-upstream';

/*
 * The real Claude Code, Codex CLI and Gemini CLI, each launched by `ais agent`
 * in its non-interactive mode through `ais serve -d`, to a provider speaking a
 * different protocol: each must call a tool (read a file), send the result
 * back, and print the provider's final answer.
 */
const SECRET = 'PELICAN-7731';
const ANSWER_PREFIX = 'The upstream read:';

function planFor(notesPath: string): ToolPlan {
  return {
    chooseCall(tools) {
      if (tools.has('Read')) return { name: 'Read', input: { file_path: notesPath } };
      if (tools.has('read_file')) {
        const schema = tools.get('read_file') as { properties?: Record<string, unknown> } | undefined;
        const key =
          schema?.properties && 'absolute_path' in schema.properties ? 'absolute_path' : 'file_path';
        return { name: 'read_file', input: { [key]: notesPath } };
      }
      // Codex 0.17x: one freeform `exec` tool running JavaScript that calls the nested tools.
      if (tools.has('exec'))
        return {
          name: 'exec',
          input: {
            input: `const result = await tools.exec_command({ cmd: ${JSON.stringify(`cat ${notesPath}`)} });\ntext(JSON.stringify(result));`,
          },
        };
      if (tools.has('exec_command')) return { name: 'exec_command', input: { cmd: `cat ${notesPath}` } };
      if (tools.has('shell_command'))
        return { name: 'shell_command', input: { command: `cat ${notesPath}` } };
      if (tools.has('shell')) return { name: 'shell', input: { command: ['cat', notesPath] } };
      return undefined;
    },
    answer: (result) =>
      `${ANSWER_PREFIX} ${/PELICAN-\d+/.exec(result)?.[0] ?? `nothing (${result.slice(0, 80)})`}`,
  };
}

interface Case {
  agent: 'claude' | 'codex' | 'gemini';
  upstream: UpstreamFormat;
  args: (prompt: string) => string[];
}

const CASES: Case[] = [
  { agent: 'claude', upstream: 'chat', args: (prompt) => ['-p', prompt] },
  { agent: 'codex', upstream: 'anthropic', args: (prompt) => ['exec', '--skip-git-repo-check', prompt] },
  { agent: 'gemini', upstream: 'responses', args: (prompt) => ['--skip-trust', '-p', prompt] },
];

describe.skipIf(process.platform === 'win32')('real agents through ais serve -d', () => {
  let bin: string | undefined;
  let skipReason = '';
  beforeAll(async () => {
    const found = await ensureAgentClis();
    if ('bin' in found) bin = found.bin;
    else skipReason = found.reason;
  }, 20 * 60_000);

  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  for (const testCase of CASES) {
    it(`${testCase.agent} → ${testCase.upstream} provider: a tool round trip and the upstream's answer`, async (context) => {
      if (!bin) return context.skip(skipReason);
      const root = mkdtempSync(path.join(tmpdir(), `ais-real-${testCase.agent}-`));
      const [home, aisHome, work] = ['home', 'ais-home', 'work'].map((name) => path.join(root, name)) as [
        string,
        string,
        string,
      ];
      for (const directory of [home, aisHome, work]) mkdirSync(directory, { recursive: true });
      // The user's own settings, each pointing its agent elsewhere: the launch must win without touching them.
      const userFiles = {
        '.claude/settings.json':
          '{ "env": { "ANTHROPIC_BASE_URL": "http://127.0.0.1:9", "ANTHROPIC_API_KEY": "sk-user" } }\n',
        '.codex/config.toml': 'model_provider = "openai"\nmodel = "gpt-5"\n',
        '.gemini/settings.json': '{ "security": { "auth": { "selectedType": "oauth-personal" } } }\n',
      };
      for (const [relative, content] of Object.entries(userFiles)) {
        mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
        writeFileSync(path.join(home, relative), content);
      }
      const notesPath = path.join(work, 'notes.txt');
      writeFileSync(notesPath, `The secret word is ${SECRET}.\n`);
      const upstream: ToolRoundTripUpstream = await startToolRoundTripUpstream(
        testCase.upstream,
        planFor(notesPath),
      );
      cleanups.push(() => upstream.close());
      const routeKey = `ais-real-${testCase.agent}-route`;
      const baseUrl = testCase.upstream === 'anthropic' ? upstream.url : `${upstream.url}/v1`;
      writeFileSync(
        path.join(aisHome, 'config.yaml'),
        `server:\n  port: 0\nproviders:\n  scripted:\n    base_url: ${baseUrl}\n    api_key: sk-scripted-upstream-0000\n    format: ${testCase.upstream}\nroutes:\n  ${routeKey}:\n    provider: scripted\n    default_model: scripted-model\n`,
      );
      const env: NodeJS.ProcessEnv = {
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: home,
        AIS_HOME: aisHome,
        AIS_LOG_LEVEL: 'warn',
        // No telemetry, update checks or other network calls from the agents.
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        GEMINI_CLI_NO_RELAUNCH: 'true',
        NO_COLOR: '1',
        TERM: 'dumb',
      };
      const started = await runAis(['serve', '-d'], { env });
      expect(started.code, started.stderr).toBe(0);
      cleanups.push(() => runAis(['stop'], { env }));

      const prompt = 'Read the file notes.txt in the current folder and tell me the secret word.';
      const result = await runAis(['agent', routeKey, testCase.agent, ...testCase.args(prompt)], {
        env,
        cwd: work,
      });
      const diagnosis = `exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr.slice(-2000)}\nupstream saw: ${upstream.requests.map((request) => `${request.path} tools=${JSON.stringify((request.body.tools as { name?: string; function?: { name?: string } }[] | undefined)?.map((tool) => tool.name ?? tool.function?.name))}`).join(', ')}`;
      expect(result.code, diagnosis).toBe(0);
      expect(result.stdout, diagnosis).toContain(`${ANSWER_PREFIX} ${SECRET}`);
      for (const [relative, content] of Object.entries(userFiles))
        expect(readFileSync(path.join(home, relative), 'utf8'), relative).toBe(content);
    }, 240_000);
  }
});
