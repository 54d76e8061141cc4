import path from 'node:path';
import { APP_HOST, APP_SCHEME } from '../ipc/is-own-page';

/**
 * The dashboard's content security policy: our own scripts only (no inline,
 * no eval), no plugins, no framing, no form posts, and no connection beyond
 * the page itself (the engine is reached over IPC). Inline styles are allowed
 * because the UI library positions popovers with style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The file under `rendererDir` an `app://dashboard/…` URL names, or undefined
 * for any other host or a path that climbs out of the folder. A path without
 * an extension is a client-side route: it gets index.html.
 */
export function resolveAppFile(requestUrl: string, rendererDir: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const root = path.resolve(rendererDir);
  const relative =
    pathname === '/' || path.extname(pathname) === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
  return file;
}

/** `https:` links leave for the browser; every other scheme (file:, javascript:, smb:…) is refused. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
