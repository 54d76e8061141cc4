import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface HttpListener {
  readonly server: http.Server;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Requests (and streams) still running. */
  inflight(): number;
  /**
   * Stop accepting, let requests in flight (streams included) finish until
   * `deadlineMs`, then cut what is left. Resolves when the server is closed.
   */
  close(deadlineMs: number): Promise<{ cut: number }>;
}

export class ListenError extends Error {
  /** The system's reason (`EADDRINUSE`…), so a caller can offer the fix (another port). */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Counter shared by the app's in-flight middleware and the listener's shutdown. */
export function createInflightCounter(): {
  enter(): void;
  leave(): void;
  count(): number;
  idle(): Promise<void>;
} {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    enter() {
      count += 1;
    },
    leave() {
      count -= 1;
      if (count <= 0) {
        count = 0;
        const done = waiters;
        waiters = [];
        for (const resolve of done) resolve();
      }
    },
    count: () => count,
    idle() {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

export async function listen(options: {
  handler: http.RequestListener;
  host: string;
  port: number;
  inflight: ReturnType<typeof createInflightCounter>;
  /** Answers what Node's HTTP parser refused (a bad Content-Length…); Node's bare 400 otherwise. */
  onClientError?: (error: Error, socket: Duplex) => void;
}): Promise<HttpListener> {
  /*
   * Once closing, no connection may carry another request: an answer not yet
   * started goes out with `Connection: close`, one already started closes its
   * socket when it is done, and idle sockets close at once.
   */
  let closing = false;
  const responses = new Set<http.ServerResponse>();
  const endAfterClose = (response: http.ServerResponse): void => {
    if (!response.headersSent) response.setHeader('connection', 'close');
    else response.once('finish', () => response.socket?.end());
  };
  const server = http.createServer(
    { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 },
    (request, response) => {
      responses.add(response);
      response.once('close', () => responses.delete(response));
      if (closing) endAfterClose(response);
      options.handler(request, response);
    },
  );
  if (options.onClientError) server.on('clientError', options.onClientError);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A burst of agents (or a benchmark) opens hundreds of connections at once; 511 overflows.
  server.listen({ port: options.port, host: options.host, backlog: 4096 });
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => {
        throw error;
      }),
    ]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${options.host}:${options.port}`;
    if (code === 'EADDRINUSE')
      throw new ListenError(
        `port ${options.port} is already in use on ${options.host}; stop the other process or pass --port (0 picks a free port)`,
        code,
      );
    if (code === 'EACCES')
      throw new ListenError(`not allowed to listen on ${where}; use a port above 1024`, code);
    if (code === 'EADDRNOTAVAIL')
      throw new ListenError(`address ${options.host} is not available on this machine`, code);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    inflight: options.inflight.count,
    async close(deadlineMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const response of responses) endAfterClose(response);
      server.closeIdleConnections();
      const timer = new Promise<'deadline'>((resolve) =>
        setTimeout(() => resolve('deadline'), deadlineMs).unref(),
      );
      const result = await Promise.race([options.inflight.idle().then(() => 'idle' as const), timer]);
      const cut = result === 'deadline' ? options.inflight.count() : 0;
      for (const socket of sockets) socket.destroy();
      await closed;
      return { cut };
    },
  };
}
