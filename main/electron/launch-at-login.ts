import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What Electron's `app` offers for login items (macOS and Windows only). */
export interface LoginItems {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export interface LaunchAtLogin {
  enabled(): boolean;
  set(enabled: boolean): void;
}

/**
 * Launch at login: the system's login items on macOS and Windows; on Linux,
 * where Electron has none, an XDG autostart entry that starts the AppImage
 * (or the installed binary).
 */
export function createLaunchAtLogin(options: {
  platform: NodeJS.Platform;
  loginItems: LoginItems;
  executable: string;
  configHome?: string;
}): LaunchAtLogin {
  if (options.platform !== 'linux') {
    return {
      enabled: () => options.loginItems.getLoginItemSettings().openAtLogin,
      set: (enabled) => options.loginItems.setLoginItemSettings({ openAtLogin: enabled }),
    };
  }
  const file = path.join(
    options.configHome ?? path.join(os.homedir(), '.config'),
    'autostart',
    'ai-switch.desktop',
  );
  return {
    enabled() {
      try {
        return readFileSync(file, 'utf8').includes('X-AI-Switch-Autostart=true');
      } catch {
        return false;
      }
    },
    set(enabled) {
      if (!enabled) return rmSync(file, { force: true });
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, linuxAutostartEntry(options.executable));
    },
  };
}

export function linuxAutostartEntry(executable: string): string {
  // The Exec key quotes arguments with double quotes and escapes `"`, `` ` ``, `$` and `\`.
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AI Switch',
    'Comment=Local LLM API proxy for AI coding tools',
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    'X-AI-Switch-Autostart=true',
    '',
  ].join('\n');
}
