import { quotePowerShellString } from '../terminals/quote-windows-command';
import { quoteFishWord, quotePosixWord } from '../terminals/quote-posix-shell';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type ShellName = (typeof SHELLS)[number];

/** Lines that set `env` and remove `unset` in the current session of `shell`. */
export function formatShellExports(input: {
  shell: ShellName;
  env: Record<string, string>;
  unset: readonly string[];
}): string {
  const lines: string[] = [];
  for (const name of input.unset) {
    if (input.shell === 'fish') lines.push(`set -e ${name}`);
    else if (input.shell === 'powershell')
      lines.push(`Remove-Item Env:${name} -ErrorAction SilentlyContinue`);
    else lines.push(`unset ${name}`);
  }
  for (const [name, value] of Object.entries(input.env)) {
    if (input.shell === 'fish') lines.push(`set -gx ${name} ${quoteFishWord(value)}`);
    else if (input.shell === 'powershell') lines.push(`$env:${name} = ${quotePowerShellString(value)}`);
    else lines.push(`export ${name}=${quotePosixWord(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The user's shell as far as the environment tells: $SHELL's name, PowerShell on Windows. */
export function detectShell(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): ShellName {
  const name = (env.SHELL ?? '').split(/[\\/]/).pop() ?? '';
  if (name === 'fish' || name === 'zsh' || name === 'bash') return name;
  return platform === 'win32' ? 'powershell' : 'bash';
}
