import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_CONFIG_TEXT,
  describeConfigRecovery,
  loadConfig,
  resolveConfigPath,
  resolveHome,
} from '../../main/core/config';
import { useTemporaryHome } from './temporary-home';

const GOOD = 'server:\n  port: 20001\nproviders:\n  ds:\n    base_url: https://api.deepseek.com\n';
const OLDER_GOOD = 'server:\n  port: 20000\n';
const CORRUPT = 'server:\n  port: 20002\nproviders:\n  ds: [unterminated\n';

describe('loadConfig', () => {
  const temporaryHome = useTemporaryHome();

  it('creates the commented default file on first run, and it loads without problems', async () => {
    const home = temporaryHome();
    const filePath = path.join(home, 'nested', 'config.yaml');
    const loaded = await loadConfig({ path: filePath, env: {}, createIfMissing: true });
    expect(loaded.source).toBe('created');
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.providers).toEqual({});
    expect(loaded.config.server).toMatchObject({ host: '127.0.0.1', port: 12345 });
    expect(readFileSync(filePath, 'utf8')).toBe(DEFAULT_CONFIG_TEXT);
    expect(DEFAULT_CONFIG_TEXT).toContain('#   deepseek:');
    expect(statSync(filePath).mode & 0o777).toBe(0o600);
  });

  it('throws a ConfigError naming a missing file when not asked to create it', async () => {
    const home = temporaryHome();
    const error = await loadConfig({ path: path.join(home, 'none.yaml'), env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]?.message).toContain('no config file at');
  });

  it('on reload, throws every problem and leaves the file and backups alone', async () => {
    const home = temporaryHome();
    const filePath = path.join(home, 'config.yaml');
    writeFileSync(filePath, 'routes:\n  r:\n    provider: ghost\ncolour: red\n');
    const error = (await loadConfig({ path: filePath, env: {} }).catch(
      (caught: unknown) => caught,
    )) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toEqual([
      {
        path: 'routes.r.provider',
        message: 'provider "ghost" is not defined',
        severity: 'error',
        line: 3,
        column: 15,
      },
      expect.objectContaining({ path: 'colour', severity: 'warning' }),
    ]);
    expect(error.stack).toBeDefined();
    expect(readFileSync(filePath, 'utf8')).toContain('ghost');
  });

  it('at start-up, recovers a corrupt file from the newest valid backup and keeps the corrupt copy', async () => {
    const home = temporaryHome();
    const filePath = path.join(home, 'config.yaml');
    const backups = path.join(home, 'backups');
    mkdirSync(backups);
    writeFileSync(path.join(backups, 'config-20250101-000000-000.yaml'), OLDER_GOOD);
    writeFileSync(path.join(backups, 'config-20250102-000000-000.yaml'), GOOD);
    // Newest, but itself broken: skipped.
    writeFileSync(path.join(backups, 'config-20250103-000000-000.yaml'), 'server: [\n');
    writeFileSync(filePath, CORRUPT);

    const loaded = await loadConfig({ path: filePath, env: {}, recoverFromBackup: true });
    expect(loaded.source).toBe('backup');
    expect(loaded.recoveredFrom).toBe(path.join(backups, 'config-20250102-000000-000.yaml'));
    expect(loaded.config.server.port).toBe(20001);
    expect(readFileSync(filePath, 'utf8')).toBe(GOOD);
    expect(readFileSync(loaded.recovery!.rejectedCopyPath, 'utf8')).toBe(CORRUPT);
    expect(loaded.recovery!.problems[0]).toMatchObject({ severity: 'error', line: expect.any(Number) });

    const message = describeConfigRecovery(loaded)!;
    expect(message).toContain('COULD NOT BE LOADED');
    expect(message).toContain('config-20250102-000000-000.yaml');
    expect(message).toContain(loaded.recovery!.rejectedCopyPath);
    // The rejected copy is not a backup: it never displaces a good one.
    expect(readdirSync(backups).filter((name) => /^config-\d{8}-\d{6}-\d{3}\.yaml$/.test(name))).toHaveLength(
      3,
    );
  });

  it("also recovers from the original ai-switch's backups next to the file", async () => {
    const home = temporaryHome();
    const filePath = path.join(home, 'config.yaml');
    writeFileSync(path.join(home, 'config.yaml.bak.20250101-101010.123456789'), GOOD);
    writeFileSync(filePath, CORRUPT);
    const loaded = await loadConfig({ path: filePath, env: {}, recoverFromBackup: true });
    expect(loaded.recoveredFrom).toBe(path.join(home, 'config.yaml.bak.20250101-101010.123456789'));
  });

  it('throws when no backup can save a corrupt file', async () => {
    const home = temporaryHome();
    const filePath = path.join(home, 'config.yaml');
    writeFileSync(filePath, CORRUPT);
    await expect(loadConfig({ path: filePath, env: {}, recoverFromBackup: true })).rejects.toBeInstanceOf(
      ConfigError,
    );
    expect(readFileSync(filePath, 'utf8')).toBe(CORRUPT);
  });
});

describe('resolveHome and resolveConfigPath', () => {
  const temporaryHome = useTemporaryHome();

  it('uses AIS_HOME, creating it with mode 0700', () => {
    const parent = temporaryHome();
    const home = resolveHome({ AIS_HOME: path.join(parent, 'ais') });
    expect(home).toBe(path.join(parent, 'ais'));
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });

  it('defaults to ~/.ai-switch', () => {
    const fakeUserHome = temporaryHome();
    const previous = process.env.HOME;
    process.env.HOME = fakeUserHome;
    try {
      expect(resolveHome({})).toBe(path.join(fakeUserHome, '.ai-switch'));
    } finally {
      process.env.HOME = previous;
    }
  });

  it('prefers -c (resolved against the working directory) over <home>/config.yaml', () => {
    expect(resolveConfigPath({ home: '/h' })).toBe(path.join('/h', 'config.yaml'));
    expect(resolveConfigPath({ home: '/h', configPath: 'my.yaml' })).toBe(path.resolve('my.yaml'));
  });
});
