import { ConfigError, formatConfigProblem } from '../core/config';
import { createEngine, type Engine } from '../core/engine';
import { adminLoginUrl } from '../core/server/admin/load-admin-token';
import { AlreadyRunningError } from '../core/lifecycle';
import { ListenError } from '../core/server/http-listener';

/** How long in-flight requests and streams get to finish on SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `ais serve`: runs until SIGINT/SIGTERM; SIGHUP re-reads the config. Resolves to the exit code. */
export async function runServe(options: {
  configPath?: string;
  host?: string;
  port?: string;
}): Promise<number> {
  let port: number | undefined;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`ais: --port must be a number from 0 to 65535, not "${options.port}"\n`);
      return 1;
    }
  }
  let engine: Engine;
  try {
    engine = await createEngine({
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(port !== undefined ? { port } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ais: the config file ${error.filePath ?? ''} cannot be used:\n`);
      for (const problem of error.problems) process.stderr.write(`  ${formatConfigProblem(problem)}\n`);
      process.stderr.write('Run `ais check` after fixing it.\n');
      return 1;
    }
    throw error;
  }
  if (engine.startup.source === 'backup') {
    process.stderr.write(
      `ais: WARNING: ${engine.configPath} is corrupt; started from the backup ${engine.startup.recoveredFrom ?? ''}\n`,
    );
  }
  let url: string;
  try {
    ({ url } = await engine.start());
  } catch (error) {
    await engine.stop({ graceMs: 0 });
    if (error instanceof ListenError || error instanceof AlreadyRunningError) {
      process.stderr.write(`ais: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write(`AI Switch ${url} (config ${engine.configPath})\n`);
  process.stdout.write(`Dashboard login (one-time link): ${adminLoginUrl(url, engine.issueLoginCode())}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`ais: ${signal} again, exiting now\n`);
        process.exit(1);
      }
      stopping = true;
      engine.logger.info({ signal }, 'shutting down: finishing requests in flight');
      void engine.stop({ graceMs: SHUTDOWN_GRACE_MS }).then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`ais: shutdown failed: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', () => void engine.reload('SIGHUP'));
  });
}
