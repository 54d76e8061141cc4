import { app, BrowserWindow, shell } from 'electron';
import path from 'node:path';

// The desktop shell stays thin: the engine lives in main/core and is shared
// with the headless CLI. This file only owns windows and app lifecycle.
let window: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const created = new BrowserWindow({
    width: 1200,
    height: 800,
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  created.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  created.webContents.on('will-navigate', (event) => event.preventDefault());
  created.on('ready-to-show', () => created.show());
  void created.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  return created;
}

void app.whenReady().then(() => {
  window = createWindow();
  app.on('activate', () => {
    if (!window || window.isDestroyed()) window = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
