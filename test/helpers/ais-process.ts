import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './fixtures';

export interface AisProcess {
  url: string;
  home: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built `ais serve --port 0` with `configText` in a fresh AIS_HOME and waits for its URL. */
export async function startAis(
  configText: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[]; home?: string } = {},
): Promise<AisProcess> {
  // A given home is reused (a restart over what an earlier run left there).
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'ais-e2e-'));
  writeFileSync(path.join(home, 'config.yaml'), configText);
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin/ais.js'), 'serve', '--port', '0', ...(options.args ?? [])],
    {
      env: { ...process.env, AIS_HOME: home, AIS_LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ais did not start within 15 s:\n${output}`)), 15_000);
    const check = (): void => {
      const match = /AI Switch (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`ais exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    home,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
