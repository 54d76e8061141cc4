import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { shebangNodeFlags } from '../../bench/shebang-node-flags.js';
import { REPO_ROOT } from '../helpers/fixtures';

const run = promisify(execFile);
const AIS = path.join(REPO_ROOT, 'bin/ais.js');

describe('how ais is launched', () => {
  it('bounds the heap with the same flags in the bin and in the npm scripts', () => {
    const flags = shebangNodeFlags(AIS);
    expect(flags).toEqual(['--max-old-space-size=1536', '--max-semi-space-size=4']);
    const scripts = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const name of ['serve', 'ais'])
      expect(scripts[name]).toContain(`node ${flags.join(' ')} bin/ais.js`);
  });

  it.skipIf(process.platform === 'win32')(
    'runs as an executable (what an installed `ais` does) with those flags in force',
    async () => {
      // A preload that reports the flags node was started with; NODE_OPTIONS reaches the node `env -S` starts.
      const dir = mkdtempSync(path.join(tmpdir(), 'ais-launch-'));
      const probe = path.join(dir, 'report-flags.cjs');
      writeFileSync(probe, 'process.stderr.write(JSON.stringify(process.execArgv) + "\\n");');
      const { stdout, stderr } = await run(AIS, ['version'], {
        env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
      }).finally(() => rmSync(dir, { recursive: true, force: true }));
      expect(stdout).toMatch(/\d+\.\d+\.\d+/);
      expect(JSON.parse(stderr.trim().split('\n')[0] ?? '[]')).toEqual(shebangNodeFlags(AIS));
    },
  );
});
