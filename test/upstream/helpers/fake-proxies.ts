import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { closeServer } from './fake-upstream';

export interface FakeProxy {
  url: string;
  /** `host:port` of every tunnel opened through the proxy. */
  tunnels: string[];
  close(): Promise<void>;
}

/** An HTTP proxy that only speaks CONNECT (what undici's ProxyAgent uses), tunnelling to 127.0.0.1 only. */
export async function startConnectProxy(): Promise<FakeProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((_request, response) => {
    response.writeHead(405).end();
  });
  server.on('connection', (socket) => track(sockets, socket));
  server.on('connect', (request: http.IncomingMessage, clientSocket: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const [host, port] = target.split(':');
    if (host !== '127.0.0.1' || port === undefined) {
      clientSocket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    track(sockets, upstream);
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, tunnels, close: () => closeServer(server, sockets) };
}

/**
 * A minimal SOCKS5 server (RFC 1928): no authentication, CONNECT only,
 * IPv4 and domain addresses, tunnelling to 127.0.0.1 only.
 */
export async function startSocks5Proxy(): Promise<FakeProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = net.createServer((clientSocket) => {
    track(sockets, clientSocket);
    let buffered = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'open' = 'greeting';
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (stage === 'greeting') {
        // VER NMETHODS METHODS…
        if (buffered.length < 2 || buffered.length < 2 + (buffered[1] ?? 0)) return;
        buffered = buffered.subarray(2 + (buffered[1] ?? 0));
        clientSocket.write(Buffer.from([0x05, 0x00]));
        stage = 'request';
      }
      if (stage === 'request') {
        // VER CMD RSV ATYP DST.ADDR DST.PORT
        if (buffered.length < 5) return;
        const addressType = buffered[3];
        const addressLength = addressType === 0x01 ? 4 : addressType === 0x03 ? 1 + (buffered[4] ?? 0) : -1;
        if (addressLength < 0 || buffered[1] !== 0x01) {
          clientSocket.end(Buffer.from([0x05, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          return;
        }
        if (buffered.length < 4 + addressLength + 2) return;
        const host =
          addressType === 0x01
            ? [...buffered.subarray(4, 8)].join('.')
            : buffered.subarray(5, 4 + addressLength).toString('utf8');
        const port = buffered.readUInt16BE(4 + addressLength);
        const rest = buffered.subarray(4 + addressLength + 2);
        stage = 'open';
        clientSocket.off('data', onData);
        tunnels.push(`${host}:${port}`);
        if (host !== '127.0.0.1') {
          clientSocket.end(Buffer.from([0x05, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const upstream = net.connect(port, host, () => {
          clientSocket.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
          if (rest.length > 0) upstream.write(rest);
          upstream.pipe(clientSocket);
          clientSocket.pipe(upstream);
        });
        track(sockets, upstream);
        upstream.on('error', () => clientSocket.destroy());
      }
    };
    clientSocket.on('data', onData);
    clientSocket.on('error', () => clientSocket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `socks5://127.0.0.1:${port}`, tunnels, close: () => closeServer(server, sockets) };
}

function track(sockets: Set<Socket>, socket: Socket): void {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
}
