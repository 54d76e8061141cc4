#!/usr/bin/env node
// The `ais` command: runs the built CLI bundle in plain Node (no Electron).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('ais: the CLI is not built yet. Run `npm run build` in the AI Switch folder first.');
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
