import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import {
  ConfigError,
  formatConfigProblem,
  hasErrors,
  sortConfigProblems,
  type ConfigProblem,
} from './config-problem';
import { DEFAULT_CONFIG_TEXT } from './default-config-text';
import type { EnvReference, UnsetVariable } from './expand-env-references';
import { parseConfigText, type ParsedConfigText } from './parse-config-text';
import { resolveBackupDirectory } from './resolve-config-paths';
import { listConfigBackups, rejectedCopyPath } from './rotate-config-backups';
import type { AppConfig } from './schema';
import type { SecretBox } from './secret-box';
import { writeFileAtomically } from './write-file-atomically';

/**
 * Config files above this are refused before they are read or parsed: a
 * config with hundreds of providers is tens of KB, while parsing a 50 MB file
 * ran the process out of heap (a log or a dump saved over it by mistake).
 */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Why a file with no settings (empty, only comments or blank lines) is not applied. */
export const NO_SETTINGS_MESSAGE =
  'the file has no settings (it is empty or holds only comments); editors empty a file before writing it, so this is taken as an unfinished save';

export interface ConfigRecovery {
  /** The backup now in use (and copied over the config file). */
  backupPath: string;
  /** Where the file that failed to load was kept, so no edit is lost. */
  rejectedCopyPath: string;
  /** Why the file failed to load. */
  problems: ConfigProblem[];
}

export interface LoadedConfig {
  path: string;
  /** The file's text as loaded; a save refuses to overwrite a file that changed since. */
  text: string;
  config: AppConfig;
  /** Warnings only: a config with errors is never returned (ConfigError is thrown). */
  problems: ConfigProblem[];
  source: 'file' | 'created' | 'backup';
  recoveredFrom?: string;
  recovery?: ConfigRecovery;
  /** The file holds no settings (empty or comments only): it runs on the defaults. */
  noSettings?: true;
  /** The parsed YAML, comments included; saves patch it so the user's layout survives. */
  document: Document;
  lineCounter: LineCounter;
  envRefs: EnvReference[];
  unsetVars: UnsetVariable[];
  /** The environment the references were expanded with. */
  env: NodeJS.ProcessEnv;
  /** What opened the `enc:v1:` keys, and encrypts new ones on save. */
  secretBox?: SecretBox | undefined;
}

export interface LoadConfigOptions {
  path: string;
  env?: NodeJS.ProcessEnv;
  /** Write the commented default config when there is no file (first run). */
  createIfMissing?: boolean;
  /**
   * Start-up only: when the file has errors or no settings, start from the
   * newest backup that loads cleanly (a file with no settings and no backup
   * starts on the defaults). A reload must not do this: it keeps the running
   * config.
   */
  recoverFromBackup?: boolean;
  /**
   * Reload of a config that has settings: a file with none (an editor
   * truncates before it writes) is refused rather than applied.
   */
  refuseNoSettings?: boolean;
  backupDirectory?: string;
  /** Opens `enc:v1:` keys (the app's keychain key, or `<home>/secret-key` headless). */
  secretBox?: SecretBox | undefined;
}

/**
 * Reads, validates and cross-checks a config file. Throws ConfigError (with
 * every problem) when the file cannot be used; any other throw is a bug.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const backupDirectory = options.backupDirectory ?? resolveBackupDirectory(options.path);
  let source: LoadedConfig['source'] = 'file';
  let text = await readConfigText(options.path);
  if (text === undefined) {
    if (!options.createIfMissing) {
      throw new ConfigError(
        `no config file at ${options.path}`,
        [{ path: '', message: `no config file at ${options.path}`, severity: 'error' }],
        options.path,
      );
    }
    await mkdir(path.dirname(options.path), { recursive: true, mode: 0o700 });
    await writeFileAtomically({ path: options.path, text: DEFAULT_CONFIG_TEXT });
    text = DEFAULT_CONFIG_TEXT;
    source = 'created';
  }

  const { secretBox } = options;
  const parsed = parseConfigText({ text, env, secretBox });
  const noSettings = source === 'file' && hasNoSettings(parsed);
  const loaded = usableConfig({ path: options.path, text, source, env, parsed, secretBox });
  if (loaded !== undefined && !noSettings) return loaded;
  if (loaded !== undefined && !options.recoverFromBackup && !options.refuseNoSettings)
    return { ...loaded, noSettings: true };

  const problems = noSettings
    ? [{ path: '', message: NO_SETTINGS_MESSAGE, severity: 'error' as const }]
    : sortConfigProblems(parsed.problems);
  // Keys this process cannot decrypt are not a corrupt file: a backup would silently lose them.
  if (options.recoverFromBackup && parsed.undecryptable === undefined) {
    const backup = await findNewestValidBackup({ path: options.path, env, backupDirectory, secretBox });
    if (backup !== undefined) {
      const keptAt = rejectedCopyPath({ path: options.path, backupDirectory });
      await mkdir(backupDirectory, { recursive: true, mode: 0o700 });
      await writeFileAtomically({ path: keptAt, text });
      await writeFileAtomically({ path: options.path, text: backup.loaded.text });
      return {
        ...backup.loaded,
        path: options.path,
        source: 'backup',
        recoveredFrom: backup.path,
        recovery: { backupPath: backup.path, rejectedCopyPath: keptAt, problems },
      };
    }
    // A first start with an emptied file and nothing to go back to: the defaults, said aloud.
    if (loaded !== undefined)
      return {
        ...loaded,
        noSettings: true,
        problems: [{ path: '', message: NO_SETTINGS_MESSAGE, severity: 'warning' }],
      };
  }
  const errorCount = problems.filter((problem) => problem.severity === 'error').length;
  throw new ConfigError(
    `${options.path}: ${errorCount} error${errorCount === 1 ? '' : 's'}`,
    problems,
    options.path,
  );
}

/** The newest backup that loads without errors, or undefined. */
export async function findNewestValidBackup(input: {
  path: string;
  env?: NodeJS.ProcessEnv;
  backupDirectory?: string;
  secretBox?: SecretBox | undefined;
}): Promise<{ path: string; loaded: LoadedConfig } | undefined> {
  const env = input.env ?? process.env;
  const backupDirectory = input.backupDirectory ?? resolveBackupDirectory(input.path);
  for (const backup of await listConfigBackups({ path: input.path, backupDirectory })) {
    const text = await readConfigText(backup.path).catch(() => undefined);
    if (text === undefined) continue;
    const parsed = parseConfigText({ text, env, secretBox: input.secretBox });
    const loaded = usableConfig({
      path: backup.path,
      text,
      source: 'file',
      env,
      parsed,
      secretBox: input.secretBox,
    });
    if (loaded !== undefined && !hasNoSettings(parsed)) return { path: backup.path, loaded };
  }
  return undefined;
}

/** Empty, comment-only or blank-line-only YAML. */
function hasNoSettings(parsed: ParsedConfigText): boolean {
  return parsed.document.errors.length === 0 && parsed.document.contents === null;
}

/** The parsed text as a loaded config, or undefined when it does not fit the schema or has errors. */
function usableConfig(input: {
  path: string;
  text: string;
  source: LoadedConfig['source'];
  env: NodeJS.ProcessEnv;
  parsed: ParsedConfigText;
  secretBox: SecretBox | undefined;
}): LoadedConfig | undefined {
  const { parsed } = input;
  if (parsed.config === undefined || hasErrors(parsed.problems)) return undefined;
  return {
    path: input.path,
    text: input.text,
    source: input.source,
    ...parsed,
    config: parsed.config,
    problems: sortConfigProblems(parsed.problems),
    env: input.env,
    ...(input.secretBox && { secretBox: input.secretBox }),
  };
}

/** The loud start-up message after a recovery; undefined when there was none. */
export function describeConfigRecovery(loaded: LoadedConfig): string | undefined {
  const recovery = loaded.recovery;
  if (recovery === undefined) return undefined;
  const reasons = recovery.problems
    .filter((problem) => problem.severity === 'error')
    .map((problem) => `  - ${formatConfigProblem(problem)}`);
  return [
    `!!! CONFIG FILE ${loaded.path} COULD NOT BE LOADED: started from backup ${recovery.backupPath}`,
    ...reasons,
    `!!! The file that failed was kept at ${recovery.rejectedCopyPath}; fix it there and copy it back, or edit ${loaded.path}.`,
  ].join('\n');
}

/** The file's text, undefined when it does not exist; ConfigError when it cannot be read or is too large. */
export async function readConfigText(filePath: string): Promise<string | undefined> {
  let size: number;
  try {
    // One handle for the size check and the read: the file cannot grow in between.
    const handle = await open(filePath, 'r');
    try {
      size = (await handle.stat()).size;
      if (size <= MAX_CONFIG_BYTES) return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const reason =
      code === 'EISDIR'
        ? 'is a directory, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? (error as Error).message})`;
    throw new ConfigError(
      `${filePath} ${reason}`,
      [{ path: '', message: `${filePath} ${reason}`, severity: 'error' }],
      filePath,
    );
  }
  throw oversizedConfigError(filePath, size);
}

export function oversizedConfigError(filePath: string, size: number): ConfigError {
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const message = `${filePath} is ${mb(size)}; AI Switch refuses config files over ${mb(MAX_CONFIG_BYTES)} (a config is a few KB: was something else saved over it?)`;
  return new ConfigError(message, [{ path: '', message, severity: 'error' }], filePath);
}
