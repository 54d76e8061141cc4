import { quotePosixCommand, quotePosixWord } from './quote-posix-shell';
import {
  buildPowerShellInvocation,
  encodePowerShellCommand,
  quoteCmdArgument,
  quoteCmdCommand,
  quotePowerShellString,
  quoteWindowsArgument,
} from './quote-windows-command';

/** What to run in a new terminal window. */
export interface TerminalRequest {
  /** The program and its arguments (e.g. node, ais.js, agent, <key>, claude). */
  argv: readonly string[];
  cwd: string;
  /** Leave a shell open after the program ends, so its last words stay readable (default true). */
  keepOpen?: boolean;
}

/** The exact process to spawn; nothing is re-quoted after this. */
export interface TerminalCommand {
  command: string;
  args: string[];
  /** Windows: `args` is already the command line, quoted for its reader. */
  windowsVerbatimArguments?: boolean;
}

export interface TerminalProbe {
  onPath(name: string): boolean;
  exists(file: string): boolean;
}

export interface TerminalAdapter {
  id: string;
  title: string;
  isAvailable(probe: TerminalProbe): boolean;
  build(request: TerminalRequest): TerminalCommand;
}

/** `cd <cwd> && <argv>`, then a login shell when the window should stay. */
export function buildPosixScript(request: TerminalRequest): string {
  const run = `cd ${quotePosixWord(request.cwd)} && ${quotePosixCommand(request.argv)}`;
  return request.keepOpen === false ? run : `${run}; exec "\${SHELL:-/bin/sh}" -l`;
}

function appleScriptString(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

const macTerminal: TerminalAdapter = {
  id: 'terminal',
  title: 'Terminal',
  isAvailable: (probe) =>
    probe.exists('/System/Applications/Utilities/Terminal.app') ||
    probe.exists('/Applications/Utilities/Terminal.app'),
  // `do script` types the line into a new window's login shell.
  build: (request) => ({
    command: 'osascript',
    args: [
      '-e',
      'tell application "Terminal" to activate',
      '-e',
      `tell application "Terminal" to do script ${appleScriptString(macLine(request))}`,
    ],
  }),
};

const iTerm: TerminalAdapter = {
  id: 'iterm',
  title: 'iTerm2',
  isAvailable: (probe) => probe.exists('/Applications/iTerm.app'),
  build: (request) => ({
    command: 'osascript',
    args: [
      '-e',
      'tell application "iTerm"',
      '-e',
      'activate',
      '-e',
      'set newWindow to (create window with default profile)',
      '-e',
      `tell current session of newWindow to write text ${appleScriptString(macLine(request))}`,
      '-e',
      'end tell',
    ],
  }),
};

/** The window's own shell stays after the program: `exit` closes it when not wanted. */
function macLine(request: TerminalRequest): string {
  const run = `cd ${quotePosixWord(request.cwd)} && ${quotePosixCommand(request.argv)}`;
  return request.keepOpen === false ? `${run}; exit` : run;
}

/*
 * Windows PowerShell 5.1 passes arguments to native programs its own way: an
 * empty string is dropped and an embedded " is not escaped (fixed only in
 * PowerShell 7.3). The tray's argv (node, ais.js, agent, route key, agent name)
 * has neither; arbitrary arguments are safer through the cmd adapter.
 */
function powerShellScript(request: TerminalRequest): string {
  return `Set-Location -LiteralPath ${quotePowerShellString(request.cwd)}; ${buildPowerShellInvocation(request.argv)}`;
}

function powerShellArgs(request: TerminalRequest): string[] {
  return [
    '-NoLogo',
    ...(request.keepOpen === false ? [] : ['-NoExit']),
    '-EncodedCommand',
    encodePowerShellCommand(powerShellScript(request)),
  ];
}

const windowsTerminal: TerminalAdapter = {
  id: 'windows-terminal',
  title: 'Windows Terminal',
  isAvailable: (probe) => probe.onPath('wt.exe'),
  // wt splits its command line at `;` (new tab): the encoded script has none.
  build: (request) => ({
    command: 'wt.exe',
    args: ['-w', 'new', 'new-tab', '-d', request.cwd, 'powershell.exe', ...powerShellArgs(request)],
  }),
};

/** `start` gives the program a console window of its own (a detached child would have none). */
function startLine(title: string, cwd: string, program: string): string {
  return `/d /s /c "start "${title}" /D ${quoteWindowsArgument(cwd)} ${program}"`;
}

const powerShell: TerminalAdapter = {
  id: 'powershell',
  title: 'PowerShell',
  isAvailable: (probe) => probe.onPath('pwsh.exe') || probe.onPath('powershell.exe'),
  build: (request) => ({
    command: 'cmd.exe',
    args: [startLine('AI Switch', request.cwd, ['powershell.exe', ...powerShellArgs(request)].join(' '))],
    windowsVerbatimArguments: true,
  }),
};

const commandPrompt: TerminalAdapter = {
  id: 'cmd',
  title: 'Command Prompt',
  isAvailable: () => true,
  // The outer cmd reads the line once and the new one again: metacharacters are escaped twice.
  build: (request) => {
    const [program = '', ...rest] = request.argv;
    const line = [
      quoteCmdCommand(quoteCmdCommand(quoteWindowsArgument(program))),
      ...rest.map((argument) => quoteCmdArgument(argument, true)),
    ].join(' ');
    return {
      command: 'cmd.exe',
      args: [
        startLine('AI Switch', request.cwd, `cmd.exe /d ${request.keepOpen === false ? '/c' : '/k'} ${line}`),
      ],
      windowsVerbatimArguments: true,
    };
  },
};

/** Linux terminals that run `sh -c <script>`: each wants the program after its own flag. */
function linuxTerminal(id: string, title: string, before: readonly string[]): TerminalAdapter {
  return {
    id,
    title,
    isAvailable: (probe) => probe.onPath(id),
    build: (request) => ({ command: id, args: [...before, 'sh', '-c', buildPosixScript(request)] }),
  };
}

export const TERMINAL_ADAPTERS: Readonly<Record<'darwin' | 'win32' | 'linux', readonly TerminalAdapter[]>> = {
  darwin: [macTerminal, iTerm],
  win32: [windowsTerminal, powerShell, commandPrompt],
  linux: [
    linuxTerminal('x-terminal-emulator', 'default terminal (x-terminal-emulator)', ['-e']),
    linuxTerminal('gnome-terminal', 'GNOME Terminal', ['--']),
    linuxTerminal('konsole', 'Konsole', ['-e']),
    linuxTerminal('kitty', 'kitty', []),
    linuxTerminal('alacritty', 'Alacritty', ['-e']),
    linuxTerminal('wezterm', 'WezTerm', ['start', '--']),
  ],
};

/** The adapters for a platform (other Unixes use Linux's list). */
export function terminalAdaptersFor(platform: NodeJS.Platform): readonly TerminalAdapter[] {
  if (platform === 'darwin' || platform === 'win32') return TERMINAL_ADAPTERS[platform];
  return TERMINAL_ADAPTERS.linux;
}
