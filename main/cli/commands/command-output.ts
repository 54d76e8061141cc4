import { resolveHome } from '../../core/config';
import { createAdminClient, readAdminToken, type AdminClient } from '../engine/admin-client';
import { findRunningEngine } from '../engine/find-running-engine';

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** One line on stderr, prefixed like every ais error; returns the exit code to use. */
export function failWith(message: string, code = 1): number {
  process.stderr.write(`ais: ${message}\n`);
  return code;
}

export function currentHome(): string {
  return resolveHome(process.env);
}

/** A message the user acts on, not a crash: commands turn it into one line and this exit code. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** The running engine's admin client, or a CommandFailure saying how to start it. */
export async function connectToEngine(home: string): Promise<{ client: AdminClient; url: string }> {
  const engine = await findRunningEngine(home);
  if (engine.kind === 'down') throw new CommandFailure(`${engine.reason}: start it with \`ais serve -d\``);
  return { client: createAdminClient({ url: engine.url, token: readAdminToken(home) }), url: engine.url };
}
