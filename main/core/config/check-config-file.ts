import { ConfigError, hasErrors, sortConfigProblems, type ConfigProblem } from './config-problem';
import type { EnvReference } from './expand-env-references';
import { findNewestValidBackup, loadConfig, readConfigText } from './load-config';
import { parseConfigText } from './parse-config-text';
import type { AppConfig } from './schema';
import path from 'node:path';
import { readKeyFile } from './key-file';
import type { SecretBox } from './secret-box';

export interface ConfigFileReport {
  path: string;
  /** The file did not exist and the default one was written. */
  created: boolean;
  /** Present when the file fits the schema (even if cross-references fail). */
  config: AppConfig | undefined;
  problems: ConfigProblem[];
  envRefs: EnvReference[];
  /** When the file has errors: the backup start-up would recover from. */
  newestValidBackup: string | undefined;
}

/**
 * Everything `ais check` reports about a file, without changing it (except
 * writing the default file on first run when asked). Never throws for a user
 * mistake: those are problems in the report.
 */
export async function checkConfigFile(input: {
  path: string;
  env: NodeJS.ProcessEnv;
  createIfMissing: boolean;
  /** Opens `enc:v1:` keys; by default the key file beside the config (`<home>/secret-key`), if any. */
  secretBox?: SecretBox | undefined;
}): Promise<ConfigFileReport> {
  const report = (problems: ConfigProblem[], extra: Partial<ConfigFileReport> = {}): ConfigFileReport => ({
    path: input.path,
    created: false,
    config: undefined,
    envRefs: [],
    newestValidBackup: undefined,
    ...extra,
    problems: sortConfigProblems(problems),
  });

  let text: string | undefined;
  try {
    text = await readConfigText(input.path);
  } catch (error) {
    if (error instanceof ConfigError) return report(error.problems);
    throw error;
  }
  const created = text === undefined;
  if (text === undefined) {
    if (!input.createIfMissing) {
      return report([{ path: '', message: `no config file at ${input.path}`, severity: 'error' }]);
    }
    text = (await loadConfig({ path: input.path, env: input.env, createIfMissing: true })).text;
  }

  let secretBox = input.secretBox;
  try {
    secretBox ??= readKeyFile(path.dirname(input.path));
  } catch (error) {
    return report([{ path: '', message: (error as Error).message, severity: 'error' }]);
  }
  const parsed = parseConfigText({ text, env: input.env, secretBox });
  const failed = parsed.config === undefined || hasErrors(parsed.problems);
  const backup = failed
    ? await findNewestValidBackup({ path: input.path, env: input.env, secretBox })
    : undefined;
  return report(parsed.problems, {
    created,
    config: parsed.config,
    envRefs: parsed.envRefs,
    newestValidBackup: backup?.path,
  });
}
