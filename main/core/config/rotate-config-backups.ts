import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_BACKUP_COUNT = 10;

export interface ConfigBackup {
  path: string;
  name: string;
  /** Written by the original ai-switch (`config.yaml.bak.<time>` next to the file). */
  legacy: boolean;
}

interface BackupLocation {
  /** The config file the backups belong to. */
  path: string;
  backupDirectory: string;
}

/**
 * Copies the current config file into the backup directory as
 * `<stem>-<UTC yyyymmdd-hhmmss-mmm>.yaml` and prunes to the newest `keep`.
 * Returns the backup's path, or undefined when there is no file yet.
 */
export async function backupConfigFile(
  input: BackupLocation & { keep?: number; now?: Date },
): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(input.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return backupConfigText({ ...input, text });
}

/**
 * Keeps `text` — a config that just loaded cleanly — as the newest backup
 * unless it already is, so a recovery after a later corruption starts from
 * the last good content, not from the state before the last save.
 */
export async function keepLastGoodConfig(
  input: BackupLocation & { text: string; keep?: number; now?: Date },
): Promise<string | undefined> {
  const newest = (await listConfigBackups(input)).find((backup) => !backup.legacy);
  const newestText = newest ? await readFile(newest.path, 'utf8').catch(() => undefined) : undefined;
  if (newestText === input.text) return undefined;
  return backupConfigText(input);
}

async function backupConfigText(
  input: BackupLocation & { text: string; keep?: number; now?: Date },
): Promise<string> {
  const { text } = input;
  await mkdir(input.backupDirectory, { recursive: true, mode: 0o700 });
  const stem = configStem(input.path);
  let time = (input.now ?? new Date()).getTime();
  // Two saves in one millisecond: step the name forward so neither is lost
  // and names still sort in the order the backups were made.
  for (let attempt = 0; attempt < 1000; attempt += 1, time += 1) {
    const backupPath = path.join(input.backupDirectory, `${stem}-${formatTimestamp(new Date(time))}.yaml`);
    let handle;
    try {
      handle = await open(backupPath, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await pruneConfigBackups({ ...input, keep: input.keep ?? DEFAULT_BACKUP_COUNT });
    return backupPath;
  }
  throw new Error(`could not find a free backup name in ${input.backupDirectory}`);
}

/** Newest first: this app's backups, then any the original ai-switch left next to the file. */
export async function listConfigBackups(input: BackupLocation): Promise<ConfigBackup[]> {
  const stem = configStem(input.path);
  const ownPattern = new RegExp(`^${escapeRegExp(stem)}-(\\d{8}-\\d{6}-\\d{3})\\.yaml$`);
  const own = (await listNames(input.backupDirectory))
    .filter((name) => ownPattern.test(name))
    .sort()
    .reverse()
    .map((name) => ({ name, path: path.join(input.backupDirectory, name), legacy: false }));

  const legacyPattern = new RegExp(
    `^${escapeRegExp(path.basename(input.path))}\\.bak\\.\\d{8}-\\d{6}(\\.\\d{9})?$`,
  );
  const directory = path.dirname(input.path);
  const legacy = (await listNames(directory))
    .filter((name) => legacyPattern.test(name))
    .sort()
    .reverse()
    .map((name) => ({ name, path: path.join(directory, name), legacy: true }));
  return [...own, ...legacy];
}

/** Keeps the newest `keep` of this app's backups; never touches legacy ones. */
export async function pruneConfigBackups(input: BackupLocation & { keep: number }): Promise<string[]> {
  const own = (await listConfigBackups(input)).filter((backup) => !backup.legacy);
  const removed = own.slice(Math.max(0, input.keep));
  for (const backup of removed) await rm(backup.path, { force: true });
  return removed.map((backup) => backup.path);
}

/** Where a file that failed to load is kept when start-up recovers from a backup. */
export function rejectedCopyPath(input: BackupLocation & { now?: Date }): string {
  const stamp = formatTimestamp(input.now ?? new Date());
  return path.join(input.backupDirectory, `${configStem(input.path)}-${stamp}.rejected.yaml`);
}

function configStem(configPath: string): string {
  return path.basename(configPath).replace(/\.ya?ml$/i, '');
}

function formatTimestamp(date: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}-` +
    pad(date.getUTCMilliseconds(), 3)
  );
}

async function listNames(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
