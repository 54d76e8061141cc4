import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './fixtures';

const run = promisify(execFile);

/**
 * The real agents the end-to-end test runs, pinned (the versions their mechanisms were checked
 * against). `.ci/run` installs the same list before the tests, so CI never skips them.
 */
export const PINNED_AGENT_CLIS = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'agent-clis.json'), 'utf8'),
) as Record<string, string>;

/** Outside the repository: AIS_AGENT_CLI_CACHE, else ~/.cache/ai-switch/agent-clis. */
export function agentCliCache(): string {
  return process.env.AIS_AGENT_CLI_CACHE ?? path.join(homedir(), '.cache', 'ai-switch', 'agent-clis');
}

function installedVersion(cache: string, name: string): string | undefined {
  try {
    return (
      JSON.parse(readFileSync(path.join(cache, 'node_modules', name, 'package.json'), 'utf8')) as {
        version?: string;
      }
    ).version;
  } catch {
    return undefined;
  }
}

/**
 * The cache's bin folder with the pinned CLIs, installed from the npm registry
 * when absent; or why they cannot be had.
 */
export async function ensureAgentClis(): Promise<{ bin: string } | { reason: string }> {
  const cache = agentCliCache();
  const missing = Object.entries(PINNED_AGENT_CLIS).filter(
    ([name, version]) => installedVersion(cache, name) !== version,
  );
  if (missing.length > 0) {
    mkdirSync(cache, { recursive: true });
    if (!existsSync(path.join(cache, 'package.json')))
      writeFileSync(
        path.join(cache, 'package.json'),
        '{ "name": "ai-switch-agent-clis", "private": true }\n',
      );
    try {
      await run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--no-save',
          ...missing.map(([name, version]) => `${name}@${version}`),
        ],
        {
          cwd: cache,
          timeout: 15 * 60_000,
        },
      );
    } catch (error) {
      return {
        reason: `could not install ${missing.map(([name]) => name).join(', ')} into ${cache}: ${(error as Error).message.split('\n')[0]}`,
      };
    }
  }
  return { bin: path.join(cache, 'node_modules', '.bin') };
}
