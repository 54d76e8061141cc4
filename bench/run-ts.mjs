// Runs a TypeScript bench file through Vite's SSR loader (Node 20 cannot run TS itself).
// Usage: node bench/run-ts.mjs bench/stream-conversion-bench.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/run-ts.mjs <bench file.ts>');
  process.exit(2);
}
const server = await createServer({
  root,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
});
try {
  await server.ssrLoadModule(`/${path.relative(root, path.resolve(file))}`);
} finally {
  await server.close();
}
