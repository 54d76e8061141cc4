import type { ServerResponse } from 'node:http';
import type { ContractEvent, EventPayload } from '../../contract';

/** Proxies and browsers drop an idle connection; a comment line every 15 s keeps it open. */
const HEARTBEAT_MS = 15_000;

export interface AdminEventHub {
  /** Takes over `res` as a `text/event-stream` until the client leaves or the hub closes. */
  attach(res: ServerResponse): void;
  publish<Name extends ContractEvent>(name: Name, payload: EventPayload<Name>): void;
  /** Ends every stream (shutdown), so no open connection holds the server. */
  close(): void;
  readonly size: number;
}

/**
 * The contract's events over SSE: `event: <name>` and one JSON `data:` line
 * per event. A slow client is not waited for: when its socket buffer is full
 * it misses events rather than growing memory.
 */
export function createAdminEventHub(
  options: {
    heartbeatMs?: number;
    /** Told when the first client arrives (true) and the last one leaves (false). */
    onActiveChange?: (active: boolean) => void;
  } = {},
): AdminEventHub {
  const clients = new Set<ServerResponse>();
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;

  const write = (text: string): void => {
    for (const res of clients) {
      if (res.writableNeedDrain) continue;
      res.write(text);
    }
  };

  const stopHeartbeatWhenIdle = (): void => {
    if (clients.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  return {
    attach(res) {
      if (closed) {
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"error":{"message":"AI Switch is shutting down"}}');
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      // A first line tells the browser the stream is live before any event.
      res.write(': connected\n\n');
      clients.add(res);
      if (clients.size === 1) options.onActiveChange?.(true);
      res.once('close', () => {
        if (!clients.delete(res)) return;
        stopHeartbeatWhenIdle();
        if (clients.size === 0) options.onActiveChange?.(false);
      });
      heartbeat ??= setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs ?? HEARTBEAT_MS).unref();
    },
    publish(name, payload) {
      if (closed || clients.size === 0) return;
      write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    },
    close() {
      closed = true;
      const hadClients = clients.size > 0;
      for (const res of clients) res.end();
      clients.clear();
      stopHeartbeatWhenIdle();
      if (hadClients) options.onActiveChange?.(false);
    },
    get size() {
      return clients.size;
    },
  };
}
