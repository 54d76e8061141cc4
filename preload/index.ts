import { contextBridge } from 'electron';

// The preload exposes the admin contract and nothing else; until the contract
// is served over IPC it only tells the page that it runs inside the desktop app.
contextBridge.exposeInMainWorld('aiSwitch', { desktop: true });
