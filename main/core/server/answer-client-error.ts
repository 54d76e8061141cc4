import type { Duplex } from 'node:stream';
import { errorKindForStatus } from '../protocols/canonical';
import { matchProxyEndpoint } from '../proxy/match-endpoint';
import type { ErrorRenderer } from './render-error';

type ClientError = Error & { code?: string; rawPacket?: Buffer };

/**
 * Node's own HTTP parser refused the request (a bad Content-Length, a header
 * overflow) before any middleware ran; by default it answers a bare
 * `400 Bad Request`. Where the request line names a proxy endpoint, answer in
 * that protocol's error shape, so the client's SDK can show why.
 */
export function answerClientError(render: ErrorRenderer): (error: ClientError, socket: Duplex) => void {
  return function answerClientErrorHandler(error, socket) {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const [method = '', target = ''] = (error.rawPacket?.toString('latin1').split('\r\n', 1)[0] ?? '').split(
      ' ',
    );
    const url = new URL(target.startsWith('/') ? target : '/', 'http://localhost');
    let protocol;
    try {
      protocol = matchProxyEndpoint(method, url.pathname, Object.fromEntries(url.searchParams), {})?.protocol;
    } catch {
      protocol = undefined;
    }
    const reason = (error.code ?? 'HPE_INVALID').replace(/^HPE_/, '').toLowerCase().replaceAll('_', ' ');
    const body = JSON.stringify(
      render(protocol, {
        kind: errorKindForStatus(status),
        status,
        message: `AI Switch could not parse the HTTP request (${reason}: ${error.message})`,
      }),
    );
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
