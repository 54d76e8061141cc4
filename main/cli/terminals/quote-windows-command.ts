/*
 * Windows has no argv: a program gets one command line and splits it itself.
 * Nearly every program (and node, and wt.exe) splits the MSVCRT way; cmd.exe
 * first reads the line for its own metacharacters; PowerShell has its own
 * quoting. These follow cross-spawn's rules (lib/util/escape.js), which npm
 * and most Node tools rely on.
 */

/** One argument as MSVCRT's parser reads it back: quoted, with \ before " doubled. */
export function quoteWindowsArgument(argument: string): string {
  if (argument !== '' && !/[\s"]/.test(argument)) return argument;
  const escaped = argument.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
  return `"${escaped}"`;
}

const CMD_METACHARACTERS = /([()\][%!^"`<>&|;, *?])/g;

/**
 * An argument for a program started through cmd.exe: MSVCRT-quoted, then each
 * cmd metacharacter ^-escaped. `throughBatchFile`: the target is a .cmd/.bat
 * (an npm shim), which makes cmd read the line a second time.
 */
export function quoteCmdArgument(argument: string, throughBatchFile: boolean): string {
  const quoted = `"${argument.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
  const once = quoted.replace(CMD_METACHARACTERS, '^$1');
  return throughBatchFile ? once.replace(CMD_METACHARACTERS, '^$1') : once;
}

export function quoteCmdCommand(command: string): string {
  return command.replace(CMD_METACHARACTERS, '^$1');
}

/** The line for `cmd.exe /d /s /c "<line>"` that runs argv[0] with the rest as its arguments. */
export function buildCmdLine(argv: readonly string[]): string {
  const [command = '', ...rest] = argv;
  const batch = /\.(cmd|bat)$/i.test(command);
  return [quoteCmdCommand(command), ...rest.map((argument) => quoteCmdArgument(argument, batch))].join(' ');
}

/** A PowerShell string literal: single quotes, a ' doubled (so $ and ` stay literal). */
export function quotePowerShellString(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/** A PowerShell statement that runs argv with the call operator. */
export function buildPowerShellInvocation(argv: readonly string[]): string {
  return `& ${argv.map(quotePowerShellString).join(' ')}`;
}

/** -EncodedCommand's argument: the script as base64 of UTF-16LE, which no quoting layer can alter. */
export function encodePowerShellCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
