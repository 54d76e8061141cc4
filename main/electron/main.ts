import { app } from 'electron';
import path from 'node:path';
import { createEngine } from '../core/engine';
import { startDesktopApp } from './desktop-app';

// Entry of the Electron main process. Logs go to files only: a GUI app has no terminal.
startDesktopApp({
  createEngine: () => createEngine({ logToStdout: false }),
  bundleDir: import.meta.dirname,
  resourcesDir: app.isPackaged
    ? path.join(process.resourcesPath, 'resources')
    : path.join(import.meta.dirname, '../../resources'),
});
