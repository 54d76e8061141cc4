import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AisProcess } from './ais-process';

export type ReloadOutcome = 'reloaded' | 'refused';

/** Log lines of finished reloads for `reason` (needs `AIS_LOG_LEVEL=info`): pino JSON, one per line. */
export function reloadLines(ais: AisProcess, reason: string): { msg: string }[] {
  const entries: { msg: string; reason?: string }[] = [];
  for (const line of ais.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      entries.push(JSON.parse(line) as { msg: string; reason?: string });
    } catch {
      // The last line may still be arriving.
    }
  }
  return entries.filter(
    (entry) =>
      entry.reason === reason &&
      (entry.msg === 'config reloaded' || entry.msg.startsWith('the new config is invalid')),
  );
}

/** Waits (bounded) for the next finished reload for `reason`, counting from `seen` earlier ones. */
export async function waitForReload(
  ais: AisProcess,
  reason: string,
  seen: number,
  budgetMs = 3_000,
): Promise<ReloadOutcome> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const lines = reloadLines(ais, reason);
    if (lines.length > seen) return lines[seen]!.msg === 'config reloaded' ? 'reloaded' : 'refused';
    if (Date.now() > deadline) throw new Error(`no ${reason} reload within ${budgetMs} ms:\n${ais.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes `configText` (when given) to the config file, sends SIGHUP and waits until `ais` applied or refused it. */
export async function reloadWithSighup(ais: AisProcess, configText?: string): Promise<ReloadOutcome> {
  const seen = reloadLines(ais, 'SIGHUP').length;
  if (configText !== undefined) writeFileSync(path.join(ais.home, 'config.yaml'), configText);
  ais.child.kill('SIGHUP');
  return waitForReload(ais, 'SIGHUP', seen);
}
