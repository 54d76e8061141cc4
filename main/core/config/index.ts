export * from './schema';
export * from './config-problem';
export {
  resolveHome,
  resolveConfigPath,
  resolveBackupDirectory,
  CONFIG_FILE_NAME,
} from './resolve-config-paths';
export { loadConfig, findNewestValidBackup, describeConfigRecovery, MAX_CONFIG_BYTES } from './load-config';
export type { LoadedConfig, LoadConfigOptions, ConfigRecovery } from './load-config';
export { saveConfig } from './save-config';
export type { SaveConfigOptions, SavedConfig } from './save-config';
export { checkConfig, DEFAULT_ROUTE_FIELDS } from './check-config';
export { parseConfigText } from './parse-config-text';
export type { ParsedConfigText } from './parse-config-text';
export { parseModelReference } from './parse-model-reference';
export { providerSecrets } from './provider-secrets';
export type { ModelReference } from './parse-model-reference';
export type { EnvReference, UnsetVariable } from './expand-env-references';
export { watchConfigFile } from './watch-config-file';
export type { ConfigFileWatcher, WatchConfigFileOptions } from './watch-config-file';
export {
  listConfigBackups,
  backupConfigFile,
  keepLastGoodConfig,
  DEFAULT_BACKUP_COUNT,
} from './rotate-config-backups';
export type { ConfigBackup } from './rotate-config-backups';
export { DEFAULT_CONFIG_TEXT } from './default-config-text';
export { checkConfigFile } from './check-config-file';
export type { ConfigFileReport } from './check-config-file';
export { findUnusableProviders } from './find-unusable-providers';
export {
  ENCRYPTED_PREFIX,
  SecretDecryptError,
  createDataKey,
  createSecretBox,
  isEncryptedSecret,
  keyIdOf,
  type SecretBox,
} from './secret-box';
export {
  KEY_FILE_NAME,
  keyFilePath,
  readKeyFile,
  readKeyFileKey,
  removeKeyFile,
  writeKeyFile,
} from './key-file';
