import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_CONFIG_TEXT,
  loadConfig,
  saveConfig,
  type AppConfig,
} from '../../main/core/config';
import { useTemporaryHome } from './temporary-home';

const USER_FILE = `# Personal AI Switch setup — do not share
server:
    host: 127.0.0.1   # loopback only
    port: 12345

default_route: ais-claude

providers:
    # DeepSeek, paid account
    deepseek:
        name: DeepSeek
        base_url: https://api.deepseek.com
        api_key: \${DEEPSEEK_API_KEY}   # from the shell profile
        fallback_keys:
            - \${DEEPSEEK_KEY_2}
        models: [deepseek-chat, deepseek-reasoner]
        custom_headers:
            Authorization-Extra: "Bearer \${EXTRA_TOKEN}"

routes:
    ais-claude:   # Claude Code
        provider: deepseek
        default_model: deepseek-chat
        scene_map:
            longContext: deepseek-chat   # keep camelCase
            think: deepseek-reasoner
`;

const ENV = {
  DEEPSEEK_API_KEY: 'sk-live-primary-0001',
  DEEPSEEK_KEY_2: 'sk-live-second-0002',
  EXTRA_TOKEN: 'tok-3',
};

function clone(config: AppConfig): AppConfig {
  return structuredClone(config);
}

describe('saveConfig', () => {
  const temporaryHome = useTemporaryHome();

  async function setup(text = USER_FILE) {
    const home = temporaryHome();
    const filePath = path.join(home, 'config.yaml');
    writeFileSync(filePath, text);
    const loaded = await loadConfig({ path: filePath, env: ENV });
    return { home, filePath, loaded };
  }

  it('keeps comments, order, indentation and ${VAR} references through load → edit → save', async () => {
    const { filePath, loaded } = await setup();
    expect(loaded.config.providers.deepseek?.api_key).toBe('sk-live-primary-0001');

    const next = clone(loaded.config);
    next.server.port = 23456;
    next.routes['ais-claude']!.scene_map.background = 'deepseek-chat';
    const saved = await saveConfig({ loaded, next });

    const text = readFileSync(filePath, 'utf8');
    expect(text).toContain('# Personal AI Switch setup — do not share');
    expect(text).toContain('# DeepSeek, paid account');
    expect(text).toContain('# from the shell profile');
    expect(text).toContain('# keep camelCase');
    expect(text).toContain('port: 23456');
    expect(text).toContain('api_key: ${DEEPSEEK_API_KEY}');
    expect(text).toContain('- ${DEEPSEEK_KEY_2}');
    expect(text).toContain('Bearer ${EXTRA_TOKEN}');
    expect(text).toContain('        background: deepseek-chat');
    for (const secret of Object.values(ENV)) expect(text).not.toContain(secret);
    // Order: server before providers before routes, as the user wrote it.
    expect(text.indexOf('server:')).toBeLessThan(text.indexOf('providers:'));
    expect(text.indexOf('providers:')).toBeLessThan(text.indexOf('routes:'));
    expect(saved.loaded.config).toEqual(next);
    expect(saved.loaded.config.routes['ais-claude']?.scene_map.longContext).toBe('deepseek-chat');
  });

  it('writes a secret that equals a referenced variable back as the reference, wherever it moved', async () => {
    const { filePath, loaded } = await setup();
    const next = clone(loaded.config);
    const provider = next.providers.deepseek!;
    // The UI swaps the primary and the fallback key: both values are expanded secrets.
    [provider.api_key, provider.fallback_keys[0]] = [provider.fallback_keys[0], provider.api_key!];
    next.providers.backup = { ...clone(loaded.config).providers.deepseek!, name: 'DeepSeek backup' };
    await saveConfig({ loaded, next });

    const text = readFileSync(filePath, 'utf8');
    for (const secret of Object.values(ENV)) expect(text).not.toContain(secret);
    expect(text).toMatch(/api_key: \$\{DEEPSEEK_KEY_2\}/);
    expect(text).toMatch(/- \$\{DEEPSEEK_API_KEY\}/);
    const reloaded = await loadConfig({ path: filePath, env: ENV });
    expect(reloaded.config).toEqual(next);
  });

  it('saves a key given as a ${VAR} reference as the reference, and loads it back expanded', async () => {
    const { filePath, loaded } = await setup();
    const next = clone(loaded.config);
    next.providers.fromEnv = {
      ...clone(loaded.config).providers.deepseek!,
      api_key: '${EXTRA_TOKEN}',
      fallback_keys: [],
    };
    await saveConfig({ loaded, next });

    expect(readFileSync(filePath, 'utf8')).toMatch(/fromEnv:[^]*api_key: \$\{EXTRA_TOKEN\}/);
    const reloaded = await loadConfig({ path: filePath, env: ENV });
    expect(reloaded.config.providers.fromEnv?.api_key).toBe(ENV.EXTRA_TOKEN);
  });

  it('adds a provider and a route to the first-run file as block YAML, keeping its comments', async () => {
    const { filePath, loaded } = await setup(DEFAULT_CONFIG_TEXT);
    const next = clone(loaded.config);
    next.providers.deepseek = {
      base_url: 'https://api.deepseek.com',
      api_key: 'sk-typed-in-ui',
      fallback_keys: [],
      format: 'chat',
      models: [],
      enable_proxy: false,
      custom_headers: {},
    };
    next.routes['ais-claude'] = {
      provider: 'deepseek',
      default_model: 'deepseek-chat',
      disabled: false,
      scene_map: {},
      model_map: {},
      fallback: [],
    };
    next.default_route = 'ais-claude';
    await saveConfig({ loaded, next });

    const text = readFileSync(filePath, 'utf8');
    expect(text).toContain('# Upstream LLM APIs.');
    expect(text).toMatch(/^providers:\n {2}deepseek:\n {4}base_url: https:\/\/api.deepseek.com\n/m);
    expect(text).not.toContain('enable_proxy: false');
    expect(text).not.toContain('fallback_keys: []\n    format');
    // Placed by schema order, next to its neighbours, not at the end of the file.
    expect(text).toMatch(/^log_retention_days: 30\ndefault_route: ais-claude$/m);
    expect((await loadConfig({ path: filePath, env: {} })).config).toEqual(next);
  });

  it('writes a new section without what the schema fills in, keeping the choices an entry makes', async () => {
    const { filePath, loaded } = await setup(DEFAULT_CONFIG_TEXT);
    const next = clone(loaded.config);
    next.guardrails = {
      ...next.guardrails,
      intercept: [
        { target: 'tool_call', match: 'command', pattern: 'rm -rf /', action: 'block', ignore_case: false },
      ],
      budgets: [{ route: '*', window: 'day', top_up: false, cost_usd: 5, warn_at: 0.8 }],
      lockout: { max_failures: 10, window_s: 60, block_s: 300 },
    };
    await saveConfig({ loaded, next });
    const text = readFileSync(filePath, 'utf8');
    const section = text.slice(text.indexOf('guardrails:'));
    expect(section).toContain('match: command');
    expect(section).toContain('action: block');
    expect(section).toContain('window: day');
    for (const filledIn of [
      'ignore_case',
      'top_up',
      'warn_at',
      'reservation_ttl_s',
      'starter_rules',
      'cache:',
    ])
      expect(section, filledIn).not.toContain(filledIn);
    // An optional section all at its defaults is still there: lockout is on.
    expect(section).toContain('lockout: {}');
    expect((await loadConfig({ path: filePath, env: {} })).config).toEqual(next);
  });

  it('edits a value in place, keeping its quotes, flow style and trailing comment', async () => {
    const { filePath, loaded } = await setup(
      'providers:\n  p: {base_url: "https://a.example"}  # flow\n  q:\n    base_url: \'https://q.example\'   # quoted\n',
    );
    const next = clone(loaded.config);
    next.providers.p!.base_url = 'https://b.example';
    next.providers.q!.base_url = 'https://r.example';
    await saveConfig({ loaded, next });
    const text = readFileSync(filePath, 'utf8');
    expect(text).toContain('p: { base_url: "https://b.example" } # flow');
    expect(text).toContain("base_url: 'https://r.example' # quoted");
  });

  it('removes keys the new config no longer has', async () => {
    const { filePath, loaded } = await setup();
    const next = clone(loaded.config);
    delete next.routes['ais-claude']!.scene_map.think;
    await saveConfig({ loaded, next });
    const text = readFileSync(filePath, 'utf8');
    expect(text).not.toContain('think:');
    expect(text).toContain('longContext: deepseek-chat');
  });

  it('backs up the previous file, writes mode 0600 and keeps only the newest 10 backups', async () => {
    const { home, filePath } = await setup();
    let loaded = await loadConfig({ path: filePath, env: ENV });
    const before = readFileSync(filePath, 'utf8');
    const first = await saveConfig({ loaded, next: { ...clone(loaded.config), log_retention_days: 1 } });
    expect(first.backupPath).toBeDefined();
    expect(readFileSync(first.backupPath!, 'utf8')).toBe(before);
    loaded = first.loaded;
    for (let day = 2; day <= 13; day += 1) {
      loaded = (await saveConfig({ loaded, next: { ...clone(loaded.config), log_retention_days: day } }))
        .loaded;
    }
    const backups = readdirSync(path.join(home, 'backups')).sort();
    expect(backups).toHaveLength(10);
    for (const name of backups) expect(name).toMatch(/^config-\d{8}-\d{6}-\d{3}\.yaml$/);
    // The newest backup holds the file as it was before the last save.
    expect(readFileSync(path.join(home, 'backups', backups.at(-1)!), 'utf8')).toContain(
      'log_retention_days: 12',
    );
    expect(statSync(filePath).mode & 0o777).toBe(0o600);
    expect(readdirSync(home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a config with errors and leaves the file alone', async () => {
    const { filePath, loaded } = await setup();
    const next = clone(loaded.config);
    next.routes['ais-claude']!.provider = 'zhipu';
    const error = await saveConfig({ loaded, next }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toContainEqual(
      expect.objectContaining({
        path: 'routes.ais-claude.provider',
        message: 'provider "zhipu" is not defined',
      }),
    );
    expect(readFileSync(filePath, 'utf8')).toBe(USER_FILE);
  });

  it('refuses to overwrite a file that changed on disk since it was loaded', async () => {
    const { filePath, loaded } = await setup();
    writeFileSync(filePath, `${USER_FILE}\n# edited by hand\n`);
    const error = await saveConfig({ loaded, next: clone(loaded.config) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('changed on disk');
    expect(readFileSync(filePath, 'utf8')).toContain('# edited by hand');
  });
});
