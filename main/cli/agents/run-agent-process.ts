import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ResolvedExecutable } from './resolve-executable';

export type AgentExit = { code: number } | { signal: NodeJS.Signals };

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the agent in this terminal (stdio inherited: a real TTY) and resolves
 * with how it ended. While it runs, our SIGINT/SIGTERM/SIGHUP go to it and do
 * not stop us, so the agent decides what Ctrl-C means. A Ctrl-C typed in the
 * terminal already reaches the agent (same foreground process group), so
 * SIGINT is forwarded only when we have no terminal: sending it twice would
 * make Claude Code or Codex quit on a single press.
 */
export function runAgentProcess(options: {
  executable: ResolvedExecutable;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AgentExit> {
  const { executable } = options;
  const verbatim = executable.cmdLine !== undefined;
  const args = verbatim
    ? [(executable.cmdLine as (args: readonly string[]) => string)(options.args)]
    : [...executable.prefixArgs, ...options.args];
  return new Promise<AgentExit>((resolve, reject) => {
    const child = spawn(executable.command, args, {
      stdio: 'inherit',
      env: options.env,
      cwd: options.cwd,
      windowsVerbatimArguments: verbatim,
    });
    const interactive = process.stdin.isTTY === true;
    const forward = (signal: NodeJS.Signals): void => {
      if (signal === 'SIGINT' && interactive) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const release = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      release();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      release();
      resolve(signal ? { signal } : { code: code ?? 1 });
    });
  });
}

/**
 * Ends this process the way the agent ended: the same exit code, or death by
 * the same signal (so a shell's `$?` and `set -e` see what they would have
 * seen without us). Returns the code to exit with if re-raising did not end us.
 */
export function exitLikeAgent(exit: AgentExit): number {
  if ('code' in exit) return exit.code;
  try {
    process.kill(process.pid, exit.signal);
  } catch {
    // Not deliverable here (Windows): fall back to the shell convention below.
  }
  return 128 + (constants.signals[exit.signal] ?? 1);
}
