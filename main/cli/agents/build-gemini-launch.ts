import path from 'node:path';
import type { AgentLaunch, AgentLaunchInput } from './agent-catalog';

/*
 * Gemini CLI, checked against @google/gemini-cli 0.61.0 (its bundle) and
 * github.com/google-gemini/gemini-cli (packages/core/src/core/contentGenerator.ts,
 * packages/cli/src/gemini.tsx, packages/cli/src/config/settings.ts):
 * - GOOGLE_GEMINI_BASE_URL is the base URL of the `gemini-api-key` (and
 *   `gateway`) auth types, and GEMINI_API_KEY their key, sent as x-goog-api-key.
 * - An interactive session with no `security.auth.selectedType` in its settings
 *   opens the auth dialog, and choosing there writes the choice into
 *   ~/.gemini/settings.json. GEMINI_DEFAULT_AUTH_TYPE only preselects the
 *   dialog's entry. So the choice is made in a settings file of ours, given as
 *   the "system settings" (GEMINI_CLI_SYSTEM_SETTINGS_PATH, which outranks the
 *   user's and the project's files), copied from the real system settings
 *   when there are some. The system *defaults* file is looked up beside the
 *   system settings file unless GEMINI_CLI_SYSTEM_DEFAULTS_PATH says where, so
 *   that one is pinned to where it was.
 * - `-m <model>` picks the model.
 */
export const GEMINI_AUTH_TYPE = 'gemini-api-key';

export interface GeminiSettingsPlace {
  /** Where our copy of the system settings is written (under the AI Switch home). */
  path: string;
  /** The system settings in force without us (parsed), to keep them. */
  existing: Record<string, unknown> | undefined;
  /** Where Gemini CLI looks for its system defaults file when not told. */
  defaultsPath: string;
}

export function buildGeminiLaunch(input: AgentLaunchInput & { settings: GeminiSettingsPlace }): AgentLaunch {
  const existing = input.settings.existing ?? {};
  const security = asRecord(existing.security);
  const settings = {
    ...existing,
    security: { ...security, auth: { ...asRecord(security.auth), selectedType: GEMINI_AUTH_TYPE } },
  };
  return {
    agent: 'gemini',
    executable: 'gemini',
    args: [...(input.model ? ['-m', input.model] : []), ...input.args],
    env: {
      GOOGLE_GEMINI_BASE_URL: input.proxyUrl,
      GEMINI_API_KEY: input.routeKey,
      GEMINI_DEFAULT_AUTH_TYPE: GEMINI_AUTH_TYPE,
      GEMINI_CLI_SYSTEM_SETTINGS_PATH: input.settings.path,
      GEMINI_CLI_SYSTEM_DEFAULTS_PATH: input.settings.defaultsPath,
    },
    // Vertex and Google-login switches take precedence over an API key.
    unsetEnv: ['GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_USE_GCA', 'GEMINI_API_KEY_AUTH_MECHANISM'],
    files: [{ path: input.settings.path, content: `${JSON.stringify(settings, null, 2)}\n` }],
  };
}

/** Where Gemini CLI reads its system settings from when not told otherwise. */
export function geminiSystemSettingsPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const configured = env.GEMINI_CLI_SYSTEM_SETTINGS_PATH;
  if (configured) return configured;
  if (platform === 'darwin') return '/Library/Application Support/GeminiCli/settings.json';
  if (platform === 'win32') return 'C:\\ProgramData\\gemini-cli\\settings.json';
  return '/etc/gemini-cli/settings.json';
}

export function geminiSystemDefaultsPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const configured = env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH;
  if (configured) return configured;
  const settingsPath = geminiSystemSettingsPath(env, platform);
  const paths = platform === 'win32' ? path.win32 : path.posix;
  return paths.join(paths.dirname(settingsPath), 'system-defaults.json');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
