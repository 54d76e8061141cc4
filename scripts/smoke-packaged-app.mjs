// Launches the packaged app once (release workflow, after electron-builder):
// the dashboard window opens on our page with the preload bridge, the tray is
// created, and the proxy's /health answers. Electron cannot run where the app
// is developed; this runs on the CI's macOS, Windows and Linux runners.
// Usage: node scripts/smoke-packaged-app.mjs [release folder, default release/]
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';

const TIMEOUT_MS = 60_000;

/** The unpacked app electron-builder leaves beside the installers. */
function findExecutable(releaseDir) {
  const folders = readdirSync(releaseDir);
  if (process.platform === 'darwin') {
    const folder =
      folders.find((name) => name === `mac-${process.arch}`) ??
      folders.find((name) => name.startsWith('mac'));
    return folder && path.join(releaseDir, folder, 'AI Switch.app/Contents/MacOS/AI Switch');
  }
  if (process.platform === 'win32') {
    const folder = folders.find((name) => name === 'win-unpacked');
    return folder && path.join(releaseDir, folder, 'ai-switch.exe');
  }
  const folder = folders.find((name) => name === 'linux-unpacked');
  return folder && path.join(releaseDir, folder, 'ai-switch');
}

const releaseDir = path.resolve(process.argv[2] ?? 'release');
const executablePath = findExecutable(releaseDir);
if (!executablePath || !existsSync(executablePath)) {
  console.error(`no packaged app for ${process.platform}-${process.arch} in ${releaseDir}`);
  process.exit(1);
}

const home = mkdtempSync(path.join(tmpdir(), 'ais-smoke-'));
const app = await electron.launch({
  executablePath,
  args: ['--show'],
  env: { ...process.env, AIS_HOME: home },
  timeout: TIMEOUT_MS,
});
let output = '';
app.process().stdout?.on('data', (chunk) => (output += chunk));
app.process().stderr?.on('data', (chunk) => (output += chunk));
try {
  const window = await app.firstWindow({ timeout: TIMEOUT_MS });
  await window.waitForLoadState('domcontentloaded');
  const pageUrl = window.url();
  if (pageUrl !== 'app://dashboard/index.html')
    throw new Error(`the window shows ${pageUrl}, not the dashboard`);

  const bridge = await window.evaluate(() =>
    Object.keys(window.aiSwitch ?? {})
      .sort()
      .join(','),
  );
  if (bridge !== 'invoke,subscribe')
    throw new Error(`window.aiSwitch exposes "${bridge}", not invoke and subscribe`);
  const nodeVisible = await window.evaluate(
    () => typeof require !== 'undefined' || typeof process !== 'undefined',
  );
  if (nodeVisible) throw new Error('the page can see Node (require or process)');

  const status = await window.evaluate(() => window.aiSwitch.invoke('status', {}));
  if (!status.ok || status.output.state !== 'running')
    throw new Error(`status answered ${JSON.stringify(status)}`);

  const deadline = Date.now() + TIMEOUT_MS;
  while (!/AI Switch: tray ready/.test(output)) {
    if (Date.now() > deadline) throw new Error(`the tray was not reported ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const health = await fetch(new URL('/health', status.output.url));
  if (!health.ok) throw new Error(`${status.output.url}/health answered ${health.status}`);
  console.log(`packaged app OK: window, bridge, tray, ${status.output.url}/health ${health.status}`);
} catch (error) {
  console.error(`${error.stack ?? error}\n--- app output ---\n${output}`);
  process.exitCode = 1;
} finally {
  await app.close().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
}
