import http from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';

/** What a fake upstream saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** When the connection under the request closed (the client aborted, or we ended it). */
  closedAt?: number;
  /** The response was fully written before the close. */
  completed: boolean;
}

export type FakeHandler = (
  request: http.IncomingMessage,
  response: http.ServerResponse,
  seen: SeenRequest,
) => void;

export interface FakeUpstream {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** TCP connections accepted so far (keep-alive reuse keeps this low). */
  connectionCount(): number;
  /** TCP connections open right now. */
  openConnectionCount(): number;
  /** Every request was answered in full or had its connection closed: nothing hangs. */
  allSettled(): boolean;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1, port 0, that reads each body and hands the request to `handle`. */
export async function startFakeUpstream(handle: FakeHandler): Promise<FakeUpstream> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen: SeenRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        completed: false,
      };
      requests.push(seen);
      response.on('finish', () => (seen.completed = true));
      response.on('close', () => (seen.closedAt ??= Date.now()));
      handle(request, response, seen);
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connectionCount: () => connections,
    openConnectionCount: () => sockets.size,
    allSettled: () => requests.every((seen) => seen.completed || seen.closedAt !== undefined),
    close: () => closeServer(server, sockets),
  };
}

export function closeServer(server: http.Server | Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Handles that hold the event loop open: sockets, servers and timers. */
export function countOpenHandles(): number {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name === 'TCPSocketWrap' || name === 'TCPServerWrap' || name === 'Timeout').length;
}

/** Polls (bounded) until the open handle count is back to `baseline`; returns the final count. */
export async function settleOpenHandles(baseline: number, budgetMs = 2_000): Promise<number> {
  const deadline = Date.now() + budgetMs;
  let count = countOpenHandles();
  while (count > baseline && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    count = countOpenHandles();
  }
  return count;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits (bounded) until `predicate` holds. */
export async function waitFor(predicate: () => boolean, budgetMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + budgetMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await delay(5);
  }
  return true;
}
