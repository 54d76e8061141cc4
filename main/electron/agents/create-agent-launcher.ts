import path from 'node:path';
import { AGENTS } from '../../cli/agents/agent-catalog';
import { detectShell, formatShellExports } from '../../cli/agents/format-shell-exports';
import { findOnPath } from '../../cli/agents/resolve-executable';
import { openInTerminal } from '../../cli/terminals/open-in-terminal';
import type { AgentLauncher } from '../tray/create-tray-controller';

/**
 * The tray's view of the coding agents, over the agents launcher: installed
 * or not (looked up on PATH, as the terminal that runs it will), a terminal
 * in the folder running `ais agent <route key> <agent>`, and a route's shell
 * exports (the same lines as `ais env`).
 */
export function createAgentLauncher(options: {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** How to run `ais` in that terminal (see aisCommand). */
  ais: AisCommand;
  preferredTerminal?: () => string | undefined;
  open?: typeof openInTerminal;
}): AgentLauncher {
  const open = options.open ?? openInTerminal;
  return {
    unavailableReason(agent) {
      const info = AGENTS[agent];
      const found = findOnPath(info.executable, { env: options.env, platform: options.platform });
      return Promise.resolve(found === undefined ? `not installed: ${info.installCommand}` : undefined);
    },
    async launch({ agent, routeKey, folder }) {
      const preferred = options.preferredTerminal?.();
      await open(
        { argv: [...options.ais.argv, 'agent', routeKey, agent], cwd: folder },
        {
          platform: options.platform,
          env: { ...options.env, ...options.ais.env },
          ...(preferred !== undefined && { preferred }),
        },
      );
    },
    shellExports({ routeKey, url }) {
      const base = url.replace(/\/+$/, '');
      return formatShellExports({
        shell: detectShell(options.env, options.platform),
        env: {
          ANTHROPIC_BASE_URL: base,
          ANTHROPIC_AUTH_TOKEN: routeKey,
          OPENAI_BASE_URL: `${base}/v1`,
          OPENAI_API_KEY: routeKey,
          GOOGLE_GEMINI_BASE_URL: base,
          GEMINI_API_KEY: routeKey,
        },
        // A key from the user's profile would win over the route key in Claude Code.
        unset: ['ANTHROPIC_API_KEY'],
      });
    },
  };
}

export interface AisCommand {
  argv: string[];
  /** Added to the terminal's environment. */
  env: Record<string, string>;
}

/**
 * How a terminal runs `ais`: the `ais` on PATH when the user installed the
 * CLI, else the app's own copy with Electron acting as Node. On macOS and
 * Linux that is said on the command line (`env ELECTRON_RUN_AS_NODE=1 …`):
 * a new Terminal window's shell does not inherit our environment. Windows
 * terminals started with `start` do, and have no `env`.
 */
export function aisCommand(options: {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  execPath: string;
  appPath: string;
}): AisCommand {
  if (findOnPath('ais', { env: options.env, platform: options.platform }) !== undefined)
    return { argv: ['ais'], env: {} };
  const script = path.join(options.appPath, 'bin', 'ais.js');
  if (options.platform === 'win32')
    return { argv: [options.execPath, script], env: { ELECTRON_RUN_AS_NODE: '1' } };
  return { argv: ['env', 'ELECTRON_RUN_AS_NODE=1', options.execPath, script], env: {} };
}
