import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../main/core/config';
import { keyFilePath, readKeyFile } from '../../main/core/config/key-file';
import { createDataKey, createSecretBox } from '../../main/core/config/secret-box';
import { createEngine } from '../../main/core/engine';
import {
  loadDataKey,
  syncKeyFile,
  WRAPPED_KEY_FILE,
  type KeychainCipher,
} from '../../main/electron/keys/load-data-key';

const KEY = 'sk-deepseek-live-0123456789abcdef';
const FALLBACK = 'sk-deepseek-spare-fedcba9876543210';

/** A keychain bound to one "machine": another machine's cannot open what this one wrapped. */
function keychain(machine: string): KeychainCipher {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(`${machine}:${Buffer.from(text).toString('hex')}`),
    decryptString: (buffer) => {
      const [owner, hex] = buffer.toString().split(':');
      if (owner !== machine || hex === undefined) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(hex, 'hex').toString();
    },
  };
}

// Removed once the file is done, not after each test: an engine refused at start-up may still be
// opening its log file in the home when the test that expected the refusal ends.
const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});
function newHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'ais-keys-test-'));
  homes.push(home);
  return home;
}

function writeConfig(home: string, extra = ''): void {
  writeFileSync(
    path.join(home, 'config.yaml'),
    `providers:
  env-provider:
    base_url: https://api.example.com
    api_key: \${ENV_PROVIDER_KEY}
${extra}routes:
  ais-main:
    provider: env-provider
`,
  );
}

async function appEngine(home: string, machine = 'laptop') {
  const key = loadDataKey({ home, keychain: keychain(machine) });
  if (key.kind !== 'ready') throw new Error(key.reason);
  const engine = await createEngine({
    home,
    logToStdout: false,
    watchConfig: false,
    env: { ENV_PROVIDER_KEY: 'sk-from-the-environment-0001' },
    secretBox: createSecretBox(key.dataKey),
  });
  return { engine, dataKey: key.dataKey };
}

describe('provider keys at rest', () => {
  it('round trip: encrypted by the app, ${ENV} kept, read headless with the key file', async () => {
    const home = newHome();
    writeConfig(home);
    const { engine, dataKey } = await appEngine(home);
    expect(readFileSync(path.join(home, WRAPPED_KEY_FILE)).toString()).not.toContain(
      dataKey.toString('base64'),
    );

    await engine.api.invoke('providerCreate', {
      id: 'deepseek',
      provider: { base_url: 'https://api.deepseek.com', api_key: KEY, fallback_keys: [FALLBACK] },
    });
    const text = readFileSync(engine.configPath, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(FALLBACK);
    expect(text).toMatch(/api_key: enc:v1:[0-9a-f]{8}:[\w-]+\n/);
    expect(text).toMatch(/fallback_keys:\n\s+- enc:v1:/);
    expect(text).toContain('api_key: ${ENV_PROVIDER_KEY}');
    expect(engine.config().providers.deepseek?.api_key).toBe(KEY);
    // The dashboard is told which values are `${VAR}`s; an encrypted key is not one of them.
    expect((await engine.api.invoke('configRead')).envReferences).toEqual({
      'providers.env-provider.api_key': '${ENV_PROVIDER_KEY}',
    });

    // An edit that leaves the key alone keeps the same ciphertext.
    const before = /api_key: (enc:v1:\S+)/.exec(text)?.[1];
    await engine.api.invoke('providerUpdate', {
      id: 'deepseek',
      provider: {
        base_url: 'https://api.deepseek.com',
        api_key: KEY,
        fallback_keys: [FALLBACK],
        name: 'DeepSeek',
      },
    });
    expect(/api_key: (enc:v1:\S+)/.exec(readFileSync(engine.configPath, 'utf8'))?.[1]).toBe(before);
    await engine.stop({ graceMs: 0 });

    // "Also use from the command line": the key file, owner-only, opens the keys for `ais serve`.
    syncKeyFile({ home, dataKey, enabled: true });
    if (process.platform !== 'win32') expect(statSync(keyFilePath(home)).mode & 0o777).toBe(0o600);
    const headless = await createEngine({ home, logToStdout: false, watchConfig: false, env: {} });
    expect(headless.config().providers.deepseek).toMatchObject({ api_key: KEY, fallback_keys: [FALLBACK] });
    await headless.stop({ graceMs: 0 });

    syncKeyFile({ home, dataKey, enabled: false });
    expect(readKeyFile(home)).toBeUndefined();
  });

  it('headless without the key file: a clear error naming the provider, no key sent anywhere', async () => {
    const home = newHome();
    writeConfig(home);
    const { engine } = await appEngine(home);
    await engine.api.invoke('providerCreate', {
      id: 'deepseek',
      provider: { base_url: 'https://api.deepseek.com', api_key: KEY },
    });
    await engine.stop({ graceMs: 0 });
    const error = await createEngine({ home, logToStdout: false, watchConfig: false, env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const messages = (error as ConfigError).problems.map((problem) => `${problem.path}: ${problem.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^providers\.deepseek\.api_key: provider "deepseek": api_key is encrypted by the AI Switch app \(key [0-9a-f]{8}\) .*Also use from the command line/,
      ),
    );
  });

  it('a wrong key file (another machine) fails clearly, and so does the app there', async () => {
    const home = newHome();
    writeConfig(home);
    const { engine, dataKey } = await appEngine(home);
    await engine.api.invoke('providerCreate', {
      id: 'deepseek',
      provider: { base_url: 'https://api.deepseek.com', api_key: KEY },
    });
    await engine.stop({ graceMs: 0 });

    const otherKey = createDataKey();
    syncKeyFile({ home, dataKey: otherKey, enabled: true });
    const headless = await createEngine({ home, logToStdout: false, watchConfig: false, env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(headless).toBeInstanceOf(ConfigError);
    const problem = (headless as ConfigError).problems.find(
      (candidate) => candidate.path === 'providers.deepseek.api_key',
    );
    expect(problem?.message).toBe(
      `provider "deepseek": api_key cannot be decrypted: it was encrypted with another key (${createSecretBox(dataKey).keyId}; this machine's key is ${createSecretBox(otherKey).keyId}), e.g. on another machine. Enter the key again in the app, or copy the secret-key file from the machine that encrypted it.`,
    );
    expect(JSON.stringify((headless as ConfigError).problems)).not.toContain(KEY);

    // The home copied to a desktop whose keychain cannot open the wrapped key: no crash, no new key over the old one.
    syncKeyFile({ home, dataKey, enabled: false });
    const wrapped = readFileSync(path.join(home, WRAPPED_KEY_FILE));
    const elsewhere = loadDataKey({ home, keychain: keychain('desktop') });
    expect(elsewhere).toEqual({
      kind: 'unavailable',
      reason: expect.stringMatching(
        /the system keychain cannot open .*secret-key\.keychain .*another machine/,
      ),
    });
    expect(readFileSync(path.join(home, WRAPPED_KEY_FILE))).toEqual(wrapped);
  });

  it('a malformed key file is refused with the fix', () => {
    const home = newHome();
    writeFileSync(keyFilePath(home), 'not a key\n');
    expect(() => readKeyFile(home)).toThrow(
      /does not hold a key .* turn "Also use from the command line" off and on/,
    );
  });

  it('a tampered value is reported, never decrypted to garbage', () => {
    const box = createSecretBox(createDataKey());
    const sealed = box.encrypt(KEY);
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1) ?? ''}`;
    expect(box.decrypt(sealed)).toBe(KEY);
    expect(() => box.decrypt(flipped)).toThrow('it is damaged (the authentication check failed)');
  });
});

describe('ais check with encrypted keys', () => {
  it('reads them with the key file beside the config, and names the provider without it', async () => {
    const { checkConfigFile } = await import('../../main/core/config');
    const home = newHome();
    writeConfig(home);
    const { engine, dataKey } = await appEngine(home);
    await engine.api.invoke('providerCreate', {
      id: 'deepseek',
      provider: { base_url: 'https://api.deepseek.com', api_key: KEY },
    });
    await engine.stop({ graceMs: 0 });
    const file = path.join(home, 'config.yaml');
    const withoutKey = await checkConfigFile({ path: file, env: {}, createIfMissing: false });
    expect(withoutKey.problems.map((problem) => problem.path)).toContain('providers.deepseek.api_key');
    syncKeyFile({ home, dataKey, enabled: true });
    const withKey = await checkConfigFile({ path: file, env: {}, createIfMissing: false });
    expect(withKey.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(withKey.config?.providers.deepseek?.api_key).toBe(KEY);
  });
});

describe('a key file that is not a key', () => {
  it('stops the engine with a config problem that says how to fix it', async () => {
    const home = newHome();
    writeConfig(home);
    writeFileSync(keyFilePath(home), 'c2hvcnQ=\n');
    const error = await createEngine({ home, logToStdout: false, watchConfig: false, env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).filePath).toBe(keyFilePath(home));
    expect((error as ConfigError).problems[0]?.message).toMatch(/does not hold a key/);
  });
});
