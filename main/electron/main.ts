import path from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { resolveHome } from '../core/config';
import { createEngine } from '../core/engine';
import { aisCommand, createAgentLauncher } from './agents/create-agent-launcher';
import { startDesktopApp } from './desktop-app';
import { createElectronPreferences } from './preferences/create-electron-preferences';

// Entry of the Electron main process. Logs go to files only: a GUI app has no terminal.
const home = resolveHome(process.env);
const preferences = createElectronPreferences();
startDesktopApp({
  home,
  createEngine: (secretBox) =>
    createEngine({ home, logToStdout: false, ...(secretBox !== undefined && { secretBox }) }),
  bundleDir: import.meta.dirname,
  resourcesDir: app.isPackaged
    ? path.join(process.resourcesPath, 'resources')
    : path.join(import.meta.dirname, '../../resources'),
  agents: createAgentLauncher({
    env: process.env,
    platform: process.platform,
    ais: aisCommand({
      env: process.env,
      platform: process.platform,
      execPath: process.execPath,
      appPath: app.getAppPath(),
    }),
    preferredTerminal: () => preferences.get('preferredTerminal'),
  }),
  createPreferences: () => preferences,
  // Only a packaged app has a feed to update from (app-update.yml, written by electron-builder).
  ...(app.isPackaged && { updater: electronUpdater.autoUpdater }),
  showOnStart: process.argv.includes('--show'),
  log: (line) => {
    // A GUI app started from the Dock or the Start menu may have no usable stdout.
    process.stdout.once('error', () => undefined);
    process.stdout.write(`${line}\n`);
  },
});
