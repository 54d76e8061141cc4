/** The scheme and host the dashboard is served from inside the app (see serve-app-protocol). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dashboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether an IPC message comes from our own dashboard: the sending frame's
 * URL must be on the app's origin. Anything else (a page the window was
 * somehow navigated to, an iframe, a destroyed frame) is refused.
 */
export function isOwnPage(frameUrl: string | undefined): boolean {
  if (frameUrl === undefined || frameUrl === '') return false;
  try {
    const url = new URL(frameUrl);
    return (
      url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}
