import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { AgentLauncher } from '../tray/create-tray-controller';
import type { AgentId } from '../tray/tray-state';

const EXECUTABLES: Readonly<Record<AgentId, { executable: string; install: string }>> = {
  claude: { executable: 'claude', install: 'npm i -g @anthropic-ai/claude-code' },
  codex: { executable: 'codex', install: 'npm i -g @openai/codex' },
  gemini: { executable: 'gemini', install: 'npm i -g @google/gemini-cli' },
  opencode: { executable: 'opencode', install: 'npm i -g opencode-ai' },
};

/** Opens a terminal in `folder` running `ais agent <agent>` with the route (the agents launcher). */
export type OpenAgentTerminal = (launch: {
  agent: AgentId;
  routeKey: string;
  folder: string;
}) => Promise<void>;

/**
 * The tray's view of the coding agents: installed or not (looked up on PATH,
 * the way the terminal that will run it looks), and how to launch one. The
 * terminal opener comes from the agents launcher; without one, the launch
 * items say so instead of failing on click.
 */
export function createAgentLauncher(options: {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  openTerminal?: OpenAgentTerminal;
}): AgentLauncher {
  return {
    unavailableReason(agent) {
      const { executable, install } = EXECUTABLES[agent];
      if (findOnPath(executable, options) === undefined) return Promise.resolve(`not installed: ${install}`);
      if (!options.openTerminal) return Promise.resolve('no terminal launcher in this build');
      return Promise.resolve(undefined);
    },
    launch(launch) {
      if (!options.openTerminal) return Promise.reject(new Error('this build has no terminal launcher'));
      return options.openTerminal(launch);
    },
    shellExports: ({ routeKey, url }) => formatShellExports({ routeKey, url, platform: options.platform }),
  };
}

/** Base URLs and the route key for the SDKs and CLIs that read them from the environment. */
export function formatShellExports(input: {
  routeKey: string;
  url: string;
  platform: NodeJS.Platform;
}): string {
  const base = input.url.replace(/\/+$/, '');
  const variables: [string, string][] = [
    ['ANTHROPIC_BASE_URL', base],
    ['ANTHROPIC_AUTH_TOKEN', input.routeKey],
    ['OPENAI_BASE_URL', `${base}/v1`],
    ['OPENAI_API_KEY', input.routeKey],
    ['GOOGLE_GEMINI_BASE_URL', base],
    ['GEMINI_API_KEY', input.routeKey],
  ];
  if (input.platform === 'win32')
    return `${variables.map(([name, value]) => `$env:${name} = '${value.replace(/'/g, "''")}'`).join('\n')}\n`;
  return `${variables.map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`).join('\n')}\n`;
}

function findOnPath(
  executable: string,
  options: { env: NodeJS.ProcessEnv; platform: NodeJS.Platform },
): string | undefined {
  const separator = options.platform === 'win32' ? ';' : ':';
  const extensions =
    options.platform === 'win32'
      ? (options.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)
      : [''];
  for (const directory of (options.env.PATH ?? options.env.Path ?? '').split(separator)) {
    if (directory === '') continue;
    for (const extension of extensions) {
      const candidate = path.join(directory, `${executable}${extension}`);
      try {
        accessSync(candidate, options.platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // Not here; the next directory.
      }
    }
  }
  return undefined;
}
