import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';

export interface DashboardOptions {
  /** The built renderer (`out/renderer`); found next to the bundle when left out. */
  root?: string | undefined;
  /** True when the request carries the admin cookie (or token). */
  isSignedIn(ctx: Koa.Context): boolean;
}

/**
 * The dashboard's policy: scripts only from our own files (Vite emits no
 * inline script), styles may be inline because Radix and the toaster set
 * them at run time, data only from the same origin, never framed.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The sign-in page has no script at all, and its one style block is inline. */
const SIGN_IN_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Asset names are Vite's `name-hash.ext`: nothing with a slash or `..` reaches the disk. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Walks up from this module to the folder holding `out/renderer/index.html` (source tree, bundle or asar). */
export function locateDashboardRoot(start: string = import.meta.dirname): string | undefined {
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, 'out', 'renderer');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Serves the built dashboard at `/` to a browser: `index.html` never cached
 * (it names the current hashed assets), `/assets/*` cached for a year. A
 * browser without the admin cookie gets a page that says how to sign in.
 * Anything that is not a browser asking for HTML (Claude Code's HEAD probe,
 * health checks) passes through untouched.
 */
export function serveDashboard(options: DashboardOptions): Koa.Middleware {
  let root = options.root;
  const dashboardRoot = (): string | undefined => (root ??= locateDashboardRoot());

  return async function serveDashboardMiddleware(ctx, next) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path.startsWith('/assets/')) {
      const name = ctx.path.slice('/assets/'.length);
      const directory = dashboardRoot();
      if (!directory || !ASSET_NAME.test(name)) return next();
      const file = path.join(directory, 'assets', name);
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch {
        return next();
      }
      ctx.set('cache-control', 'public, max-age=31536000, immutable');
      ctx.set('x-content-type-options', 'nosniff');
      ctx.type = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
      ctx.body = content;
      return;
    }
    const isPage = ctx.path === '/' || ctx.path === '/index.html';
    if (!isPage || !ctx.get('accept').includes('text/html')) return next();
    ctx.set('cache-control', 'no-cache');
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('x-frame-options', 'DENY');
    ctx.set('referrer-policy', 'no-referrer');
    ctx.type = 'text/html; charset=utf-8';
    if (!options.isSignedIn(ctx)) {
      ctx.status = 401;
      ctx.set('content-security-policy', SIGN_IN_CSP);
      ctx.body = SIGN_IN_PAGE;
      return;
    }
    const directory = dashboardRoot();
    if (!directory) {
      ctx.status = 503;
      ctx.set('content-security-policy', SIGN_IN_CSP);
      ctx.body = NOT_BUILT_PAGE;
      return;
    }
    ctx.set('content-security-policy', DASHBOARD_CSP);
    ctx.body = await readFile(path.join(directory, 'index.html'));
  };
}

const PAGE_STYLE = `
  body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; color: #1f2330; background: #f7f8fa; }
  main { max-width: 34rem; padding: 2rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
  p { margin: .5rem 0; }
  code { background: #e8eaf0; padding: .1rem .35rem; border-radius: .25rem; }
  hr { border: 0; border-top: 1px solid #d8dbe3; margin: 1.5rem 0; }
  @media (prefers-color-scheme: dark) { body { color: #e9ebf1; background: #16181d; } code { background: #2a2e38; } hr { border-color: #333846; } }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${PAGE_STYLE}</style></head>
<body><main>${body}</main></body>
</html>
`;
}

const SIGN_IN_PAGE = page(
  'Sign in to AI Switch',
  `<h1>Sign in to AI Switch</h1>
<p>Open the one-time login link that <code>ais serve</code> printed when it started, in this browser.</p>
<p>Lost it, or already used it? Run <code>ais login</code> on the machine where AI Switch runs; it prints a fresh link.</p>
<hr>
<h1 lang="zh-CN">登录 AI Switch</h1>
<p lang="zh-CN">请在本浏览器中打开 <code>ais serve</code> 启动时打印的一次性登录链接。</p>
<p lang="zh-CN">链接丢失或已用过？在运行 AI Switch 的机器上执行 <code>ais login</code>，它会打印一个新链接。</p>`,
);

const NOT_BUILT_PAGE = page(
  'AI Switch dashboard not built',
  `<h1>The dashboard is not built</h1>
<p>This copy of AI Switch has no built dashboard (<code>out/renderer</code>). Run <code>npm run build</code> in the repository, then reload.</p>`,
);
