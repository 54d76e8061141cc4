import { readFileSync } from 'node:fs';

/**
 * The node flags a bin's `#!/usr/bin/env -S node …` line starts it with ([] for a plain
 * `#!/usr/bin/env node`): the bench runs ais as the installed `ais` command does, whichever build
 * `--ais` names, and test/cli/launch-flags.test.ts checks the same reading of bin/ais.js.
 */
export function shebangNodeFlags(bin) {
  const firstLine = readFileSync(bin, 'utf8').split('\n', 1)[0];
  const match = /^#!\/usr\/bin\/env -S node (.+)$/.exec(firstLine);
  return match ? match[1].trim().split(/\s+/) : [];
}
