import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';

const run = promisify(execFile);
const AIS = path.join(REPO_ROOT, 'bin/ais.js');

/** The node flags of bin/ais.js's `#!/usr/bin/env -S node …` line. */
function shebangFlags(): string[] {
  const firstLine = readFileSync(AIS, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node((?: --[a-z-]+=\d+)+)$/.exec(firstLine);
  if (!match?.[1]) throw new Error(`bin/ais.js starts with an unexpected line: ${firstLine}`);
  return match[1].trim().split(' ');
}

describe('how ais is launched', () => {
  it('bounds the heap with the same flags in the bin and in the npm scripts', () => {
    const flags = shebangFlags();
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
      const probe = path.join(mkdtempSync(path.join(tmpdir(), 'ais-launch-')), 'report-flags.cjs');
      writeFileSync(probe, 'process.stderr.write(JSON.stringify(process.execArgv) + "\\n");');
      const { stdout, stderr } = await run(AIS, ['version'], {
        env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
      });
      expect(stdout).toMatch(/\d+\.\d+\.\d+/);
      expect(JSON.parse(stderr.trim().split('\n')[0] ?? '[]')).toEqual(shebangFlags());
    },
  );
});
