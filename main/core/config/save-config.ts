import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { applyConfigChanges } from './apply-config-changes';
import { checkConfig } from './check-config';
import {
  ConfigError,
  formatConfigPath,
  hasErrors,
  sortConfigProblems,
  type ConfigProblem,
} from './config-problem';
import type { LoadedConfig } from './load-config';
import { expandConfigValue, parseConfigText } from './parse-config-text';
import { resolveBackupDirectory } from './resolve-config-paths';
import { backupConfigFile, DEFAULT_BACKUP_COUNT } from './rotate-config-backups';
import { configSchema, type AppConfig } from './schema';
import { writeFileAtomically } from './write-file-atomically';

export interface SaveConfigOptions {
  /** The file to write; defaults to the file `loaded` came from. */
  path?: string;
  /** What was loaded (or last saved): its YAML document is what gets patched. */
  loaded: LoadedConfig;
  /** The whole config as it should be. Keys missing here are removed from the file. */
  next: AppConfig;
  backupDirectory?: string;
  keepBackups?: number;
}

export interface SavedConfig {
  /** The config as now on disk; pass it as `loaded` to the next save. */
  loaded: LoadedConfig;
  /** Backup of the previous file, when there was one. */
  backupPath: string | undefined;
  /** Warnings about the saved config (a config with errors is not saved). */
  problems: ConfigProblem[];
}

/**
 * Saves a config by patching the loaded YAML document, so the user's comments
 * and ordering survive and `${VAR}` references stay references. With a
 * secret box, a new provider key is written as `enc:v1:…`. The previous
 * file is backed up first; the write is atomic. Throws ConfigError when the
 * config has errors or the file changed on disk since it was loaded.
 */
export async function saveConfig(options: SaveConfigOptions): Promise<SavedConfig> {
  const { loaded } = options;
  const filePath = options.path ?? loaded.path;
  const parsedNext = configSchema.safeParse(options.next);
  if (!parsedNext.success) {
    const problems = parsedNext.error.issues.map((issue): ConfigProblem => ({
      path: formatConfigPath(
        issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
      ),
      message: issue.message,
      severity: 'error',
    }));
    throw new ConfigError('the config to save is invalid', problems, filePath);
  }
  const crossProblems = checkConfig(parsedNext.data);
  if (hasErrors(crossProblems)) {
    throw new ConfigError('the config to save has errors', sortConfigProblems(crossProblems), filePath);
  }

  const onDisk = await readFile(filePath, 'utf8').catch(() => undefined);
  if (onDisk !== undefined && onDisk !== loaded.text) {
    throw new ConfigError(
      `${filePath} changed on disk since it was loaded`,
      [
        {
          path: '',
          message: `${filePath} changed on disk since it was loaded; reload it and apply the change again`,
          severity: 'error',
        },
      ],
      filePath,
    );
  }

  const document = loaded.document.clone();
  applyConfigChanges({
    document,
    previous: loaded.config,
    next: parsedNext.data,
    envRefs: loaded.envRefs,
    env: loaded.env,
    ...(loaded.secretBox && { secretBox: loaded.secretBox }),
    schema: configSchema,
  });
  const text = document.toString({ lineWidth: 0, indent: detectIndent(loaded.text) });

  // Re-read what is about to be written: if it does not load back as exactly
  // the requested config, writing it would corrupt the user's file. A value
  // given as a `${VAR}` reference (a new provider keyed from the environment)
  // reads back expanded — or left out, when the variable is unset — so the
  // request is read the same way before comparing.
  const reread = parseConfigText({ text, env: loaded.env, secretBox: loaded.secretBox });
  const expected = configSchema.safeParse(expandConfigValue(parsedNext.data, loaded.env).value).data;
  if (
    reread.config === undefined ||
    !isDeepStrictEqual(withoutUndefined(reread.config), withoutUndefined(expected))
  ) {
    throw new Error(`saving ${filePath}: the patched file does not read back as the requested config`);
  }

  const backupDirectory = options.backupDirectory ?? resolveBackupDirectory(filePath);
  const backupPath =
    onDisk === undefined
      ? undefined
      : await backupConfigFile({
          path: filePath,
          backupDirectory,
          keep: options.keepBackups ?? DEFAULT_BACKUP_COUNT,
        });
  await writeFileAtomically({ path: filePath, text });

  const problems = sortConfigProblems(reread.problems);
  return {
    loaded: {
      ...reread,
      config: reread.config,
      problems,
      path: filePath,
      text,
      source: 'file',
      env: loaded.env,
      ...(loaded.secretBox && { secretBox: loaded.secretBox }),
    },
    backupPath,
    problems,
  };
}

/** `{ a: undefined }` and `{}` are the same config: neither writes `a`. */
function withoutUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Keeps a file indented with 4 spaces at 4 spaces. */
function detectIndent(text: string): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const line of text.split('\n')) {
    const match = /^( +)[^\s#-]/.exec(line);
    if (match?.[1] !== undefined) smallest = Math.min(smallest, match[1].length);
  }
  return Number.isFinite(smallest) && smallest >= 2 && smallest <= 8 ? smallest : 2;
}
