import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findOnPath } from '../agents/resolve-executable';
import {
  terminalAdaptersFor,
  type TerminalAdapter,
  type TerminalCommand,
  type TerminalProbe,
  type TerminalRequest,
} from './terminal-adapters';

export interface TerminalChoice {
  adapter: TerminalAdapter;
  /** Set when the preferred terminal was not found and another was chosen. */
  note?: string;
}

export function createTerminalProbe(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): TerminalProbe {
  return {
    onPath: (name) => findOnPath(name, { env, platform }) !== undefined,
    exists: (file) => existsSync(file),
  };
}

/** The preferred terminal (a setting) when present, else the platform's first one found. */
export function pickTerminal(options: {
  platform: NodeJS.Platform;
  probe: TerminalProbe;
  preferred?: string;
}): TerminalChoice | undefined {
  const adapters = terminalAdaptersFor(options.platform);
  const preferred = options.preferred
    ? adapters.find((adapter) => adapter.id === options.preferred)
    : undefined;
  if (preferred?.isAvailable(options.probe)) return { adapter: preferred };
  const found = adapters.find((adapter) => adapter.isAvailable(options.probe));
  if (!found) return undefined;
  if (options.preferred === undefined) return { adapter: found };
  const why = preferred
    ? 'is not installed'
    : `is not one of ${adapters.map((adapter) => adapter.id).join(', ')}`;
  return {
    adapter: found,
    note: `the preferred terminal "${options.preferred}" ${why}; using ${found.title}`,
  };
}

/**
 * Opens `request` in a new terminal window and returns what was spawned. The
 * terminal outlives the caller (the tray can quit).
 */
export function openInTerminal(
  request: TerminalRequest,
  options: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; preferred?: string },
): Promise<{ choice: TerminalChoice; spawned: TerminalCommand; pid: number | undefined }> {
  const choice = pickTerminal({
    platform: options.platform,
    probe: createTerminalProbe(options.env, options.platform),
    ...(options.preferred ? { preferred: options.preferred } : {}),
  });
  if (!choice) {
    const names = terminalAdaptersFor(options.platform)
      .map((adapter) => adapter.id)
      .join(', ');
    return Promise.reject(
      new Error(`no terminal found (looked for ${names}); set the preferred terminal in settings`),
    );
  }
  const spawned = choice.adapter.build(request);
  return new Promise((resolve, reject) => {
    const child = spawn(spawned.command, spawned.args, {
      detached: options.platform !== 'win32',
      stdio: 'ignore',
      env: options.env,
      windowsVerbatimArguments: spawned.windowsVerbatimArguments ?? false,
      windowsHide: false,
    });
    child.once('error', (error) =>
      reject(new Error(`could not start ${choice.adapter.title}: ${error.message}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve({ choice, spawned, pid: child.pid });
    });
  });
}
