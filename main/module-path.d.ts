/**
 * `import scriptPath from './x?modulePath'`: electron-vite bundles `x` on its own (for a worker thread)
 * and gives the path of the bundle; vitest.config.ts does the same for tests.
 */
declare module '*?modulePath' {
  const modulePath: string;
  export default modulePath;
}
