import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractAll(archive: string, destination: string): void;
};

/*
 * Electron cannot be downloaded here, so the packaging smoke test hands
 * electron-builder a stub Electron folder (`electronDist`) and skips the
 * native rebuild: what it checks is the configuration itself — which files
 * go into the asar, and that the native addon is unpacked and loadable.
 */
let work: string;
let resources: string;
let files: string[];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ais-pack-'));
  const stub = path.join(work, 'electron-dist');
  cpSync(path.join(REPO_ROOT, 'test/fixtures/electron-dist-stub'), stub, { recursive: true });
  chmodSync(path.join(stub, 'electron'), 0o755);
  await run(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${stub}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${path.join(work, 'release')}`,
      '-c.publish.owner=ai-switch-test',
      '-c.publish.repo=ai-switch-test',
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  resources = path.join(work, 'release/linux-unpacked/resources');
  files = asar
    .listPackage(path.join(resources, 'app.asar'), { isPack: false })
    .map((file) => file.replaceAll('\\', '/'));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packaged app (electron-builder --dir against a stub Electron)', () => {
  it('holds the built bundles and the runtime dependencies', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/cli.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/bin/ais.js',
      '/node_modules/koa/package.json',
      '/node_modules/electron-store/package.json',
      '/node_modules/electron-updater/package.json',
      '/node_modules/gpt-tokenizer/cjs/bpeRanks/o200k_base.js',
    ])
      expect(files, file).toContain(file);
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(files).toContain(`/${manifest.main}`);
  });

  it('leaves out sources, tests, dev tools and build leftovers', () => {
    const forbidden = [
      /^\/(main|renderer|preload|test|bench|scripts|resources|\.github)\//,
      /^\/node_modules\/(electron|electron-builder|electron-vite|vite|vitest|typescript|react|react-dom|eslint|playwright-core|@resvg)\//,
      /\.map$/,
      /\.md$/,
      /\.ts$/,
      /^\/node_modules\/better-sqlite3\/(deps|src)\//,
      /^\/node_modules\/gpt-tokenizer\/(esm|src)\//,
    ];
    for (const pattern of forbidden)
      expect(
        files.filter((file) => pattern.test(file)),
        String(pattern),
      ).toEqual([]);
  });

  it('unpacks better-sqlite3 next to the asar, and the unpacked addon loads', () => {
    const unpacked = path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3');
    expect(existsSync(path.join(unpacked, 'build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'build/Release/obj'))).toBe(false);
    // What Electron does at run time: asar contents, with unpacked files read from disk.
    const extracted = path.join(work, 'extracted');
    asar.extractAll(path.join(resources, 'app.asar'), extracted);
    cpSync(path.join(resources, 'app.asar.unpacked'), extracted, { recursive: true });
    const Database = createRequire(path.join(extracted, 'package.json'))('better-sqlite3') as new (
      file: string,
    ) => {
      prepare(sql: string): { get(): unknown };
      close(): void;
    };
    const database = new Database(':memory:');
    expect(database.prepare('select 41 + 1 as answer').get()).toEqual({ answer: 42 });
    database.close();
    const tokenizer = createRequire(path.join(extracted, 'package.json'))(
      'gpt-tokenizer/encoding/o200k_base',
    ) as {
      encode(text: string): number[];
    };
    expect(tokenizer.encode('hello world').length).toBeGreaterThan(0);
  });

  it('ships the tray icons and the update feed as resources', () => {
    for (const kind of ['running', 'paused', 'error'])
      for (const file of [
        `tray-${kind}.png`,
        `tray-${kind}@2x.png`,
        `tray-${kind}Template.png`,
        `tray-${kind}Template@2x.png`,
      ])
        expect(existsSync(path.join(resources, 'resources/tray', file)), file).toBe(true);
    expect(readFileSync(path.join(resources, 'app-update.yml'), 'utf8')).toMatch(/provider: github/);
  });
});
