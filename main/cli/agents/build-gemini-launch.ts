import path from 'node:path';
import type { AgentLaunch, AgentLaunchInput } from './agent-catalog';

/*
 * Gemini CLI, checked against @google/gemini-cli 0.61.0 (its bundle) and
 * github.com/google-gemini/gemini-cli (contentGenerator.ts, config/auth.ts,
 * config/settings.ts, docs/reference/configuration.md):
 * - GOOGLE_GEMINI_BASE_URL is the base URL of the `gemini-api-key` auth type
 *   and GEMINI_API_KEY its key (sent as x-goog-api-key).
 * - The auth type must be chosen in a settings file: with none, an interactive
 *   session opens the auth dialog (whose answer is written into
 *   ~/.gemini/settings.json), and `-p` guesses `gateway` from the base URL,
 *   which 0.61's validateAuthMethod rejects ("Invalid auth method selected").
 *   GEMINI_DEFAULT_AUTH_TYPE only preselects the dialog's entry.
 * - The system settings file (GEMINI_CLI_SYSTEM_SETTINGS_PATH) would outrank
 *   the user's, but 0.61 skips it unless it and every parent folder are owned
 *   by root and not group/world-writable: no use to a user-level tool.
 * - GEMINI_CLI_HOME (documented) moves the user-level `.gemini` folder. So the
 *   agent gets a folder of ours whose `.gemini/settings.json` is the user's
 *   settings with `security.auth.selectedType` set, and whose other entries
 *   are links to the user's own (credentials, extensions, history, GEMINI.md),
 *   so nothing of theirs is copied or written, and their state stays theirs.
 *   A setting changed from inside such a session lands in our copy.
 * - `-m <model>` picks the model.
 */
export const GEMINI_AUTH_TYPE = 'gemini-api-key';

export interface GeminiHomePlan {
  /** Our stand-in home (GEMINI_CLI_HOME), e.g. ~/.ai-switch/agents/gemini-home. */
  shadowHome: string;
  /** The user's `.gemini` folder. */
  userGeminiDir: string;
  /** The user's settings.json, parsed (undefined: none, or unreadable). */
  userSettings: Record<string, unknown> | undefined;
  /** The other entries of the user's `.gemini` folder, linked into ours. */
  userEntries: readonly string[];
  platform: NodeJS.Platform;
}

export function buildGeminiLaunch(input: AgentLaunchInput & { home: GeminiHomePlan }): AgentLaunch {
  const plan = input.home;
  const paths = plan.platform === 'win32' ? path.win32 : path.posix;
  const shadowGemini = paths.join(plan.shadowHome, '.gemini');
  const existing = plan.userSettings ?? {};
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
      GEMINI_CLI_HOME: plan.shadowHome,
    },
    // Vertex and Google-login switches take precedence over an API key.
    unsetEnv: ['GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_USE_GCA', 'GEMINI_API_KEY_AUTH_MECHANISM'],
    files: [
      { path: paths.join(shadowGemini, 'settings.json'), content: `${JSON.stringify(settings, null, 2)}\n` },
    ],
    links: plan.userEntries
      .filter((entry) => entry !== 'settings.json')
      .map((entry) => ({
        path: paths.join(shadowGemini, entry),
        target: paths.join(plan.userGeminiDir, entry),
      })),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
