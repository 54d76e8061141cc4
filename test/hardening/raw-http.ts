import net from 'node:net';

/** What came back on a raw socket: the bytes, and whether the server closed the connection. */
export interface RawAnswer {
  text: string;
  status: number;
  closedByServer: boolean;
  elapsedMs: number;
}

/**
 * Writes `head` (and `body`, if any) on a fresh socket and reads until the
 * server closes it or `waitMs` passes. For what well-behaved clients never
 * send: a body that stops, a broken Content-Length.
 */
export function sendRaw(
  url: string,
  head: string,
  body: string | Buffer = '',
  waitMs = 5_000,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    let closedByServer = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({
        text,
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        closedByServer,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', finish);
    socket.write(head);
    if (body.length > 0) socket.write(body);
  });
}

/** The JSON body of a raw HTTP/1.1 answer (chunked or not). */
export function bodyOf(answer: RawAnswer): unknown {
  const body = answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4);
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  return JSON.parse(body.slice(start, end + 1)) as unknown;
}
