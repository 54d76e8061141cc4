import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './fixtures';

export const AIS = path.join(REPO_ROOT, 'bin/ais.js');
const FAKE_AGENT = path.join(REPO_ROOT, 'test/fixtures/fake-agent/fake-agent.mjs');
export const ROUTE_KEY = 'ais-sandbox-route-0123456789';
export const OFF_ROUTE_KEY = 'ais-sandbox-off-route-9876';

/**
 * A fake user: HOME with their own agent settings (which must never change),
 * an AIS_HOME with a config, and a bin folder of fake agents on PATH.
 */
export interface AgentSandbox {
  home: string;
  aisHome: string;
  bin: string;
  records: string;
  userFiles: string[];
  env: NodeJS.ProcessEnv;
  hashUserFiles(): Record<string, string>;
  record(agent: string): { argv: string[]; cwd: string; env: Record<string, string> };
}

export function createAgentSandbox(
  options: { agents?: readonly string[]; port?: number } = {},
): AgentSandbox {
  const root = mkdtempSync(path.join(tmpdir(), 'ais-agents-'));
  const home = path.join(root, 'home');
  const aisHome = path.join(root, 'ais-home');
  const bin = path.join(root, 'bin');
  const records = path.join(root, 'records');
  for (const directory of [home, aisHome, bin, records]) mkdirSync(directory, { recursive: true });
  writeFileSync(
    path.join(aisHome, 'config.yaml'),
    `server:\n  port: ${options.port ?? 0}\nproviders:\n  upstream:\n    base_url: http://127.0.0.1:9\n    api_key: sk-sandbox-provider-key-0000\nroutes:\n  ${ROUTE_KEY}:\n    provider: upstream\n    default_model: sandbox-model\n  ${OFF_ROUTE_KEY}:\n    provider: upstream\n    disabled: true\n`,
  );
  // The user's own settings, each trying to send its agent elsewhere.
  const userFiles = [
    write(
      home,
      '.claude/settings.json',
      '{\n  "env": { "ANTHROPIC_BASE_URL": "https://elsewhere.example", "ANTHROPIC_API_KEY": "sk-user-own" }\n}\n',
    ),
    write(home, '.claude.json', '{ "hasCompletedOnboarding": false }\n'),
    write(
      home,
      '.codex/config.toml',
      'model = "gpt-5"\nmodel_provider = "openai"\n\n[projects."/tmp"]\ntrust_level = "trusted"\n',
    ),
    write(
      home,
      '.gemini/settings.json',
      '{ "security": { "auth": { "selectedType": "oauth-personal" } } }\n',
    ),
    write(home, '.config/opencode/opencode.json', '{ "model": "anthropic/claude-sonnet-4-5" }\n'),
  ];
  const source = readFileSync(FAKE_AGENT, 'utf8');
  for (const agent of options.agents ?? ['claude', 'codex', 'gemini', 'opencode']) {
    const file = path.join(bin, agent);
    writeFileSync(file, `#!${process.execPath}\n${source}`);
    chmodSync(file, 0o755);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}${path.delimiter}/usr/bin${path.delimiter}/bin`,
    HOME: home,
    AIS_HOME: aisHome,
    AIS_LOG_LEVEL: 'warn',
    FAKE_AGENT_RECORD_DIR: records,
    // Inherited credentials a user may have exported: the launch must override or remove them.
    ANTHROPIC_API_KEY: 'sk-exported-by-user',
    CLAUDE_CODE_USE_BEDROCK: '1',
    GOOGLE_GENAI_USE_VERTEXAI: 'true',
  };
  return {
    home,
    aisHome,
    bin,
    records,
    userFiles,
    env,
    hashUserFiles: () =>
      Object.fromEntries(
        userFiles.map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]),
      ),
    record: (agent) => JSON.parse(readFileSync(path.join(records, `${agent}.json`), 'utf8')),
  };
}

function write(root: string, relative: string, content: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export interface AisResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `ais` with `args` (stdin empty, not a terminal) and waits for it. */
export function runAis(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<AisResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [AIS, ...args], {
      env: options.env,
      cwd: options.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts the built `ais` without waiting (for signal tests). */
export function spawnAis(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): ChildProcess {
  return spawn(process.execPath, [AIS, ...args], {
    env: options.env,
    cwd: options.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
