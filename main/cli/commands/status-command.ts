import { findRunningEngine } from '../engine/find-running-engine';
import { createAdminClient, readAdminToken } from '../engine/admin-client';
import { HELP_OPTION, type CommandSpec } from './command-spec';
import { currentHome, printLine } from './command-output';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: "is AI Switch running? its URL, uptime, version and today's requests, tokens and cost",
  usage: 'status [--json]',
  details: ['Exit code 0 when it runs and answers, 1 when it does not.'],
  options: [{ name: 'json', type: 'boolean', description: 'print one JSON object' }, HELP_OPTION],
  examples: ['ais status', 'ais status --json', 'ais status >/dev/null || ais serve -d'],
  async run({ values }) {
    const home = currentHome();
    const engine = await findRunningEngine(home);
    if (engine.kind === 'down') {
      if (values.json) printLine(JSON.stringify({ running: false, reason: engine.reason }));
      else printLine(`${engine.reason}.`);
      return 1;
    }
    const client = createAdminClient({ url: engine.url, token: readAdminToken(home) });
    const status = await client.status();
    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    const { rows } = await client.usageStats({ from: startOfDay.getTime(), to: Date.now(), groupBy: 'day' });
    const today = rows.reduce(
      (sum, row) => ({
        requests: sum.requests + row.requests,
        errors: sum.errors + row.errors,
        inputTokens: sum.inputTokens + row.inputTokens,
        outputTokens: sum.outputTokens + row.outputTokens,
        costUsd: sum.costUsd + row.costUsd,
      }),
      { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    );
    if (values.json) {
      printLine(JSON.stringify({ running: true, pid: engine.info.pid, ...status, today }));
      return 0;
    }
    printLine(
      `AI Switch ${status.version} ${status.state} at ${status.url ?? engine.url} (pid ${engine.info.pid})`,
    );
    printLine(`Up ${formatDuration(Date.now() - status.startedAt)}, config ${status.configPath}`);
    printLine(
      `Today: ${today.requests} request${today.requests === 1 ? '' : 's'} (${today.errors} failed), ` +
        `${today.inputTokens.toLocaleString('en-US')} in / ${today.outputTokens.toLocaleString('en-US')} out tokens, ` +
        `$${today.costUsd.toFixed(4)}`,
    );
    return 0;
  },
};

export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}
