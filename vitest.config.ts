import path, { resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    bundleModulePathForTests({
      root: import.meta.dirname,
      outDir: resolve(import.meta.dirname, 'out/test-modules'),
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});

const QUERY = '?modulePath';

/**
 * electron-vite's `?modulePath` import (a worker thread's script, bundled on its own) for vitest, which
 * runs the TypeScript sources: Node 20 cannot start a worker on a `.ts` file, so the module is bundled
 * once per test run into `outDir` (dependencies stay external, as in the app) and its path exported.
 */
function bundleModulePathForTests(options: { root: string; outDir: string }): Plugin {
  const bundles = new Map<string, Promise<string>>();
  const bundle = async (entry: string): Promise<string> => {
    const name = path.basename(entry).replace(/\.[cm]?ts$/, '');
    const outDir = path.join(options.outDir, name);
    await build({
      configFile: false,
      root: options.root,
      logLevel: 'warn',
      build: {
        ssr: entry,
        outDir,
        emptyOutDir: true,
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: `${name}.js` } },
      },
    });
    return path.join(outDir, `${name}.js`);
  };
  return {
    name: 'ai-switch:bundle-module-path-for-tests',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith(QUERY)) return null;
      const resolved = await this.resolve(source.slice(0, -QUERY.length), importer, { skipSelf: true });
      return resolved ? `${resolved.id}${QUERY}` : null;
    },
    async load(id) {
      if (!id.endsWith(QUERY)) return null;
      const entry = id.slice(0, -QUERY.length);
      let bundled = bundles.get(entry);
      if (!bundled) {
        bundled = bundle(entry);
        bundles.set(entry, bundled);
      }
      return `export default ${JSON.stringify(await bundled)};`;
    },
  };
}
