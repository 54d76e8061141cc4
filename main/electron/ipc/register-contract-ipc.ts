import { ipcMain, type WebContents } from 'electron';
import type { ContractCall } from '../../core/contract';
import type { EngineClient } from '../engine/engine-client';
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel, type BridgeAnswer } from './contract-channels';
import { isOwnPage } from './is-own-page';
import { toBridgeError } from './to-bridge-answer';

/**
 * The contract over IPC: one handler per call, all made by this loop. Each
 * checks the sender is our own page, then hands the input to the engine's
 * `invoke`, which validates it and masks keys exactly as it does for HTTP.
 * Returns the function that removes the handlers.
 */
export function registerContractIpc(options: {
  client: EngineClient;
  /** Masks provider keys in error text (the engine's `api.mask`). */
  mask: (text: string) => string;
  onRefused?: (detail: { call: ContractCall; frameUrl: string | undefined }) => void;
}): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<BridgeAnswer> => {
      const frameUrl = event.senderFrame?.url;
      if (!isOwnPage(frameUrl)) {
        options.onRefused?.({ call: name, frameUrl });
        return {
          ok: false,
          error: { status: 403, message: 'only the AI Switch dashboard may call the engine' },
        };
      }
      try {
        return { ok: true, output: await options.client.invoke(name, input as never) };
      } catch (error) {
        return toBridgeError(error, options.mask);
      }
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}

/** Pushes every contract event to the window's page until the returned function is called. */
export function forwardContractEvents(client: EngineClient, contents: WebContents): () => void {
  const unsubscribers = EVENT_NAMES.map((name) =>
    client.on(name, (payload) => {
      // A page that is gone (or navigated elsewhere, which is blocked anyway) gets nothing.
      if (contents.isDestroyed() || !isOwnPage(contents.getURL())) return;
      contents.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
