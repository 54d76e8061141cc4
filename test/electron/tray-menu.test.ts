import { describe, expect, it, vi } from 'vitest';
import { buildTrayMenu } from '../../main/electron/tray-menu';

function actions() {
  return { openDashboard: vi.fn(), startProxy: vi.fn(), stopProxy: vi.fn(), quit: vi.fn() };
}

describe('buildTrayMenu', () => {
  it('offers Stop when the proxy runs and shows its URL', () => {
    const spies = actions();
    const menu = buildTrayMenu({ proxy: 'running', url: 'http://127.0.0.1:12345' }, spies);
    expect(menu[0]?.label).toBe('Proxy running on http://127.0.0.1:12345');
    const stop = menu.find((item) => item.label === 'Stop Proxy');
    expect(stop).toBeDefined();
    (stop?.click as () => void)();
    expect(spies.stopProxy).toHaveBeenCalledOnce();
    expect(menu.find((item) => item.label === 'Start Proxy')).toBeUndefined();
  });

  it('offers Start when stopped and disables it while starting', () => {
    expect(
      buildTrayMenu({ proxy: 'stopped' }, actions()).find((item) => item.label === 'Start Proxy')?.enabled,
    ).toBe(true);
    expect(
      buildTrayMenu({ proxy: 'starting' }, actions()).find((item) => item.label === 'Start Proxy')?.enabled,
    ).toBe(false);
  });

  it('shows the error text', () => {
    expect(
      buildTrayMenu({ proxy: 'error', error: 'port 12345 is already in use' }, actions())[0]?.label,
    ).toBe('Proxy error: port 12345 is already in use');
  });
});
