import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildCmdLine } from '../terminals/quote-windows-command';

export interface ResolvedExecutable {
  /** What to spawn. */
  command: string;
  /** Arguments that go before the agent's (e.g. the script a shim runs). */
  prefixArgs: string[];
  /** The file found on PATH. */
  found: string;
  /** Spawn through cmd.exe with this exact line (a batch file nothing else can run). */
  cmdLine?: (args: readonly string[]) => string;
}

export interface PathLookup {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  isFile?: (file: string) => boolean;
  readText?: (file: string) => string;
}

/** The first `name` on PATH (with PATHEXT's extensions on Windows), or undefined. */
export function findOnPath(name: string, lookup: PathLookup): string | undefined {
  const isFile = lookup.isFile ?? defaultIsFile;
  const windows = lookup.platform === 'win32';
  const paths = windows ? path.win32 : path.posix;
  const pathValue = (windows ? pathVariable(lookup.env) : lookup.env.PATH) ?? '';
  const extensions = windows
    ? (lookup.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
    : [''];
  const hasExtension =
    windows && extensions.some((extension) => name.toLowerCase().endsWith(extension.toLowerCase()));
  for (const directory of pathValue.split(windows ? ';' : ':')) {
    if (directory === '') continue;
    for (const extension of hasExtension ? [''] : extensions) {
      const candidate = paths.join(directory.replace(/^"(.*)"$/, '$1'), name + extension.toLowerCase());
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * How to start `name` with arguments passed exactly. On Windows, npm installs
 * agents as `.cmd` shims; Node refuses to spawn those without a shell (since
 * the 2024 BatBadBut fix), and through cmd.exe an argument with `"` or `%` is
 * easily mangled. So a shim's target is read out of it (npm's cmd-shim writes
 * `"%dp0%\node_modules\…\cli.js" %*`) and run directly; any other batch file
 * goes through cmd.exe with every argument escaped for it.
 */
export function resolveExecutable(name: string, lookup: PathLookup): ResolvedExecutable | undefined {
  const found = findOnPath(name, lookup);
  if (found === undefined) return undefined;
  if (lookup.platform !== 'win32' || !/\.(cmd|bat)$/i.test(found))
    return { command: found, prefixArgs: [], found };
  const shimTarget = readShimTarget(found, lookup.readText ?? ((file) => readFileSync(file, 'utf8')));
  if (shimTarget) {
    if (/\.(exe|com)$/i.test(shimTarget)) return { command: shimTarget, prefixArgs: [], found };
    const localNode = path.win32.join(path.win32.dirname(found), 'node.exe');
    const isFile = lookup.isFile ?? defaultIsFile;
    const node = isFile(localNode) ? localNode : (findOnPath('node', lookup) ?? process.execPath);
    return { command: node, prefixArgs: [shimTarget], found };
  }
  const comspec = lookup.env.ComSpec ?? lookup.env.COMSPEC ?? 'cmd.exe';
  return {
    command: comspec,
    prefixArgs: [],
    found,
    cmdLine: (args) => `/d /s /c "${buildCmdLine([found, ...args])}"`,
  };
}

/** npm's cmd-shim: `"%dp0%\<relative path>" %*` (optionally after "%_prog%"). */
export function readShimTarget(shimPath: string, readText: (file: string) => string): string | undefined {
  let text: string;
  try {
    text = readText(shimPath);
  } catch {
    return undefined;
  }
  const match = /"%dp0%\\([^"]+)"\s*%\*/i.exec(text);
  if (!match?.[1]) return undefined;
  return path.win32.join(path.win32.dirname(shimPath), match[1]);
}

function pathVariable(env: NodeJS.ProcessEnv): string | undefined {
  // Windows environment names are case-insensitive; Node keeps their spelling.
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH');
  return key === undefined ? undefined : env[key];
}

function defaultIsFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}
