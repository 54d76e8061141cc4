import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../../core/engine';
import { readRunFile, type RunInfo } from '../../core/lifecycle';
import { ADMIN_TOKEN_FILE } from '../../core/server/admin/load-admin-token';
import { createRemoteEngineClient, type RemoteEngineClient } from './create-remote-engine-client';
import type { EngineClient } from './engine-client';

/** An `ais serve` that is still starting writes its URL within moments. */
const STARTING_WAIT_MS = 5000;

export type EngineConnection =
  | {
      mode: 'owned';
      engine: Engine;
      client: EngineClient;
      mask(text: string): string;
    }
  | {
      mode: 'attached';
      running: RunInfo & { url: string };
      client: RemoteEngineClient;
      /** The remote engine masked its answers already. */
      mask(text: string): string;
    };

/**
 * The engine the app works with: the `ais serve` already running on this
 * home (read from run.json), as an HTTP client with the admin token, or a
 * new engine of its own (not started yet). Attaching instead of starting
 * means a second engine never fights the first for the port or the database.
 */
export async function connectEngine(options: {
  home: string;
  createEngine(): Promise<Engine>;
  waitMs?: number;
}): Promise<EngineConnection> {
  const running = await findRunningEngine(options.home, options.waitMs ?? STARTING_WAIT_MS);
  if (running) {
    const token = await readAdminToken(options.home, running);
    const client = createRemoteEngineClient({ url: running.url, token });
    try {
      await client.invoke('status');
    } catch (error) {
      client.close();
      throw new Error(
        `ais serve is running on ${options.home} (pid ${running.pid}, ${running.url}) but does not answer the admin API: ${(error as Error).message}. Stop it (\`ais stop\`) and start the app again.`,
        { cause: error },
      );
    }
    return { mode: 'attached', running, client, mask: (text) => text };
  }
  const engine = await options.createEngine();
  return {
    mode: 'owned',
    engine,
    client: {
      // Its window (over IPC) and its tray: both are the desktop app in the audit log.
      invoke: (name, input) => engine.api.invoke(name, input, { kind: 'desktop app' }),
      on: (name, listener) => engine.events.on(name, listener),
    },
    mask: (text) => engine.api.mask(text),
  };
}

async function findRunningEngine(
  home: string,
  waitMs: number,
): Promise<(RunInfo & { url: string }) | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const state = readRunFile(home);
    if (state.kind !== 'running') return undefined;
    if (state.info.url !== undefined) return { ...state.info, url: state.info.url };
    if (Date.now() >= deadline)
      throw new Error(
        `ais serve (pid ${state.info.pid}) has been starting on ${home} for ${Math.round(waitMs / 1000)} s without listening; stop it (\`ais stop\`) and start the app again`,
      );
    await sleep(100);
  }
}

async function readAdminToken(home: string, running: RunInfo): Promise<string> {
  const file = path.join(home, ADMIN_TOKEN_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new Error(
      `ais serve is running on ${home} (pid ${running.pid}) but its admin token ${file} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
