import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What a first visit downloads: the entry chunk, its static imports, and the CSS they pull in. */
interface OutputChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  moduleIds: string[];
  viteMetadata?: { importedCss: Set<string> };
}
interface OutputAssetLike {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}

const gzippedKb = (content: string | Uint8Array): number => gzipSync(content).length / 1024;

/**
 * Fails the build when the renderer pulls in a Node built-in, and prints the gzipped size of the JavaScript a first load of the dashboard
 * fetches (entry plus static imports; lazy chunks such as charts are left out)
 * and warns past the budget, so a heavy import shows up in every build.
 */
export function reportFirstLoadSize(options: { budgetKb: number }): Plugin {
  return {
    name: 'ai-switch:report-first-load-size',
    apply: 'build',
    generateBundle(_outputOptions, bundle) {
      const files = bundle as unknown as Record<string, OutputChunkLike | OutputAssetLike>;
      // Vite swaps a Node built-in for an empty stub in a browser build; at run time the call would throw.
      for (const file of Object.values(files)) {
        if (file.type !== 'chunk') continue;
        const stubbed = file.moduleIds.filter((id) => id.includes('__vite-browser-external'));
        if (stubbed.length > 0)
          this.error(
            `the dashboard bundle imports Node built-ins (${stubbed.join(', ')}); the renderer must stay browser-only`,
          );
      }
      const firstLoad = new Set<string>();
      const visit = (fileName: string): void => {
        if (firstLoad.has(fileName)) return;
        firstLoad.add(fileName);
        const file = files[fileName];
        if (file?.type === 'chunk') file.imports.forEach(visit);
      };
      for (const file of Object.values(files))
        if (file.type === 'chunk' && file.isEntry) visit(file.fileName);
      let javascriptKb = 0;
      let cssKb = 0;
      let lazyKb = 0;
      for (const file of Object.values(files)) {
        if (file.type === 'chunk') {
          const size = gzippedKb(file.code);
          if (firstLoad.has(file.fileName)) javascriptKb += size;
          else lazyKb += size;
        } else if (file.fileName.endsWith('.css')) {
          cssKb += gzippedKb(file.source);
        }
      }
      const line = `dashboard first load: ${javascriptKb.toFixed(1)} KB JavaScript gzipped (budget ${options.budgetKb} KB), ${cssKb.toFixed(1)} KB CSS; ${lazyKb.toFixed(1)} KB in lazy chunks`;
      if (javascriptKb > options.budgetKb) this.warn(`${line}: OVER BUDGET`);
      else console.log(line);
    },
  };
}
