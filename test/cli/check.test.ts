import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, saveConfig } from '../../main/core/config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AIS = path.join(ROOT, 'bin/ais.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `ais` as a user would, with its own AIS_HOME and HOME. */
function ais(args: string[], options: { home: string; env?: Record<string, string> }): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', HOME: options.home, AIS_HOME: options.home, ...options.env };
  return new Promise((resolve) => {
    execFile(process.execPath, [AIS, ...args], { env, cwd: options.home }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const created: string[] = [];
afterEach(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function temporaryHome(configText?: string): string {
  const home = mkdtempSync(path.join(tmpdir(), 'ais-cli-test-'));
  created.push(home);
  if (configText !== undefined) writeFileSync(path.join(home, 'config.yaml'), configText);
  return home;
}

const VALID = `# my providers
providers:
  deepseek:
    base_url: https://api.deepseek.com
    api_key: \${DEEPSEEK_API_KEY}   # keep this a reference
    models: [deepseek-chat, deepseek-reasoner]
routes:
  ais-claude:
    provider: deepseek
    default_model: deepseek-chat
default_route: ais-claude
`;

function expectNoStackTrace(run: Run): void {
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('ais check', () => {
  it('creates the default config on first run and reports it valid (exit 0)', async () => {
    const home = temporaryHome();
    const run = await ais(['check'], { home });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`Created ${path.join(home, 'config.yaml')}`);
    expect(run.stdout).toContain('0 errors, 0 warnings.');
    expect(readFileSync(path.join(home, 'config.yaml'), 'utf8')).toContain('#   deepseek:');
  });

  it('prints the summary and exits 0 for a valid file', async () => {
    const home = temporaryHome(VALID);
    const run = await ais(['check'], { home, env: { DEEPSEEK_API_KEY: 'sk-secret-value' } });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Providers (1):');
    expect(run.stdout).toMatch(
      /deepseek {2}chat {2}https:\/\/api\.deepseek\.com {2}2 models {2}key from \$\{DEEPSEEK_API_KEY\}/,
    );
    expect(run.stdout).toContain('ais-claude → deepseek, default model deepseek-chat');
    expect(run.stdout).toContain('default_route: ais-claude');
    expect(run.stdout).not.toContain('sk-secret-value');
    // How fresh the built-in prices are, and which models would cost an unknown amount.
    expect(run.stdout).toMatch(
      /Prices: \d+ built-in model prices read from the vendors' own pricing pages, checked \d{4}-\d{2}-\d{2}/,
    );
    expect(run.stdout).toContain(
      'no price (cost shown as unknown; add under prices:): deepseek-chat, deepseek-reasoner',
    );
  });

  it('exits 1 and prints the problem line with its path for an undefined provider', async () => {
    const home = temporaryHome(
      VALID.replace(
        '    default_model: deepseek-chat\n',
        '    default_model: deepseek-chat\n    scene_map:\n      think: zhipu|glm-4.7\n',
      ),
    );
    const run = await ais(['check'], { home, env: { DEEPSEEK_API_KEY: 'k' } });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toContain(
      'error   routes.ais-claude.scene_map.think: provider "zhipu" is not defined (line 12, column 14)',
    );
    expect(run.stdout).toContain('1 error, 0 warnings.');
    expectNoStackTrace(run);
  });

  it('exits 2 when there are only warnings: unset ${VAR}, unknown field, unknown scene, model not listed, disabled default', async () => {
    const text = VALID.replace(
      '    default_model: deepseek-chat\n',
      [
        '    default_model: deepseek-v9',
        '    disabled: true',
        '    colour: blue',
        '    scene_map:',
        '      coding: deepseek-chat',
        '',
      ].join('\n'),
    );
    const run = await ais(['check'], { home: temporaryHome(text) });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(2);
    const problemLines = run.stdout.split('\n').filter((line) => line.startsWith('  warning'));
    expect(problemLines).toEqual([
      '  warning providers.deepseek.api_key: environment variable ${DEEPSEEK_API_KEY} is not set: provider deepseek has no key, so its requests are answered with an error naming this variable (line 5, column 14)',
      '  warning routes.ais-claude.default_model: model "deepseek-v9" is not in provider "deepseek"\'s models list (line 10, column 20)',
      '  warning routes.ais-claude.colour: unknown field (ignored, kept in the file) (line 12, column 5)',
      expect.stringContaining(
        '  warning routes.ais-claude.scene_map.coding: unknown scene "coding" is never used; known scenes:',
      ),
      '  warning default_route: route "ais-claude" is disabled, so this default is never used (line 15, column 16)',
    ]);
    expect(run.stdout).toContain('0 errors, 5 warnings.');
  });

  it('reports malformed YAML with line and column, exit 1, no stack trace', async () => {
    const home = temporaryHome('server:\n  port: 1\nproviders:\n  deepseek: {base_url: https://x\n');
    const run = await ais(['check'], { home });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/error {3}YAML: .+ \(line \d+, column \d+\)/);
    expectNoStackTrace(run);
  });

  it('names the field path for a wrong type and a missing required field', async () => {
    const home = temporaryHome('server:\n  port: twelve\nproviders:\n  deepseek:\n    api_key: x\n');
    const run = await ais(['check'], { home });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toContain('error   server.port: must be a number, not text (line 2, column 9)');
    expect(run.stdout).toContain('error   providers.deepseek.base_url: is required (line 5, column 5)');
    expectNoStackTrace(run);
  });

  it('checks the file given with -c / --config, and never creates one there', async () => {
    const home = temporaryHome();
    const other = path.join(home, 'elsewhere.yaml');
    writeFileSync(other, 'server:\n  prot: 1\n');
    const warned = await ais(['check', '-c', other], { home });
    expect(warned.code, `${warned.stdout}${warned.stderr}`).toBe(2);
    expect(warned.stdout).toContain(
      'warning server.prot: unknown field (ignored, kept in the file); did you mean "port"?',
    );
    expect(existsSync(path.join(home, 'config.yaml'))).toBe(false);

    const missing = await ais(['check', '--config', 'missing.yaml'], { home });
    expect(missing.code, `${missing.stdout}${missing.stderr}`).toBe(1);
    expect(missing.stdout).toContain(`no config file at ${path.join(home, 'missing.yaml')}`);
    expect(existsSync(path.join(home, 'missing.yaml'))).toBe(false);
    expectNoStackTrace(missing);
  });

  it('validates a file the app saved: comments and ${VAR} references survive the round trip', async () => {
    const home = temporaryHome(VALID);
    const filePath = path.join(home, 'config.yaml');
    const env = { DEEPSEEK_API_KEY: 'sk-live-0123456789' };
    const loaded = await loadConfig({ path: filePath, env });
    const next = structuredClone(loaded.config);
    next.providers.deepseek!.models.push('deepseek-coder');
    next.routes['ais-claude']!.scene_map.think = 'deepseek-reasoner';
    await saveConfig({ loaded, next });

    const text = readFileSync(filePath, 'utf8');
    expect(text).toContain('# my providers');
    expect(text).toContain('api_key: ${DEEPSEEK_API_KEY} # keep this a reference');
    expect(text).not.toContain('sk-live-0123456789');
    const run = await ais(['check'], { home, env });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('3 models  key from ${DEEPSEEK_API_KEY}');
  });

  it('says loudly which backup start-up would use when the file is corrupt', async () => {
    const home = temporaryHome(VALID);
    const filePath = path.join(home, 'config.yaml');
    const env = { DEEPSEEK_API_KEY: 'k' };
    // Twelve saves by the app: only the newest ten backups are kept.
    let loaded = await loadConfig({ path: filePath, env });
    for (let days = 1; days <= 12; days += 1) {
      loaded = (
        await saveConfig({ loaded, next: { ...structuredClone(loaded.config), log_retention_days: days } })
      ).loaded;
    }
    const backups = readdirSync(path.join(home, 'backups')).sort();
    expect(backups).toHaveLength(10);
    writeFileSync(filePath, 'providers:\n  deepseek: [oops\n');

    const run = await ais(['check'], { home, env });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toContain(
      '!!! This file cannot be used. On start-up AI Switch will run from the newest valid backup:',
    );
    expect(run.stdout).toContain(path.join(home, 'backups', backups.at(-1)!));
    expectNoStackTrace(run);
    // check is read-only: the corrupt file is still there for the user to fix.
    expect(readFileSync(filePath, 'utf8')).toContain('[oops');
  });

  it('reports an unreadable config path as one clean line', async () => {
    const home = temporaryHome();
    mkdirSync(path.join(home, 'dir.yaml'));
    const run = await ais(['check', '-c', 'dir.yaml'], { home });
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
    expect(run.stdout).toContain('is a directory, not a file');
    expectNoStackTrace(run);
  });
});
