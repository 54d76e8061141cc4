import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const CONFIG_FILE_NAME = 'config.yaml';
const HOME_DIRECTORY_NAME = '.ai-switch';

/**
 * The AI Switch home: `AIS_HOME`, else `~/.ai-switch`. Created with mode 0700
 * because it holds provider keys, traces and backups.
 */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.AIS_HOME?.trim();
  const home = configured ? path.resolve(configured) : path.join(homedir(), HOME_DIRECTORY_NAME);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  // mkdir's mode only applies to directories it creates; an existing home made
  // by an older tool may be world-readable.
  if (!configured) tightenPermissions(home);
  return home;
}

function tightenPermissions(directory: string): void {
  try {
    chmodSync(directory, 0o700);
  } catch {
    // Not ours to fix (another owner, a read-only mount): the app still runs.
  }
}

/** `-c/--config` when given (relative to the working directory), else `<home>/config.yaml`. */
export function resolveConfigPath(options: { home: string; configPath?: string | undefined }): string {
  if (options.configPath !== undefined && options.configPath.trim() !== '') {
    return path.resolve(options.configPath);
  }
  return path.join(options.home, CONFIG_FILE_NAME);
}

/** Backups live next to the file they protect: `<dir>/backups/`. */
export function resolveBackupDirectory(configPath: string): string {
  return path.join(path.dirname(configPath), 'backups');
}
