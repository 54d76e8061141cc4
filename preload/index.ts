import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  CALL_NAMES,
  EVENT_NAMES,
  callChannel,
  eventChannel,
  type AiSwitchBridge,
  type BridgeAnswer,
} from '../main/electron/ipc/contract-channels';

const calls: ReadonlySet<string> = new Set(CALL_NAMES);
const events: ReadonlySet<string> = new Set(EVENT_NAMES);

/*
 * The page gets two functions and nothing else: `invoke` for the contract's
 * calls and `subscribe` for its events, each name checked against the
 * contract's list. No ipcRenderer, no channel names, no Node.
 */
const bridge: AiSwitchBridge = {
  invoke(name, input) {
    if (!calls.has(name))
      return Promise.resolve<BridgeAnswer>({
        ok: false,
        error: { status: 404, message: `the contract has no call "${name}"` },
      });
    return ipcRenderer.invoke(
      callChannel(name as (typeof CALL_NAMES)[number]),
      input ?? {},
    ) as Promise<BridgeAnswer>;
  },
  subscribe(event, listener) {
    if (!events.has(event)) throw new Error(`the contract has no event "${event}"`);
    const channel = eventChannel(event as (typeof EVENT_NAMES)[number]);
    // The page's listener never sees the IPC event object (it carries `sender`).
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
};

contextBridge.exposeInMainWorld('aiSwitch', bridge);
