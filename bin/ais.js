#!/usr/bin/env -S node --max-old-space-size=1536 --max-semi-space-size=4
// The `ais` command: runs the built CLI bundle in plain Node (no Electron).
//
// The heap flags above bound a long-running `ais serve` (`npm run bench`, Chat JSON at c = 256).
// With Node's defaults (a 4 GB heap limit here) V8 lets the old space grow to 4x its live size,
// which it allows only heaps limited to 2 GB or more, and the young generation to 2 x 16 MB: peak
// RSS ~240 MB. With these flags ~145 MB, for more CPU per request under heavy concurrency (+20-35 %
// at c = 256; within the noise at c = 32). 1.5 GB is ~15x what ais uses under load and holds three
// 60 MB requests converted at once. V8 reads them only at start-up, so they sit here (`env -S`;
// npm's Windows shims read them too); `node bin/ais.js` alone runs with Node's defaults.
// package.json's scripts pass the same flags (test/cli/launch-flags.test.ts).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('ais: the CLI is not built yet. Run `npm run build` in the AI Switch folder first.');
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
