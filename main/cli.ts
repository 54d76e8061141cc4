import packageJson from '../package.json';
import { LaunchRefused } from './cli/agents/prepare-agent-launch';
import { ProfileError } from './cli/agents/find-folder-profile';
import { AdminCallError } from './cli/engine/admin-client';
import { agentCommand } from './cli/commands/agent-command';
import { cacheCommand } from './cli/commands/cache-command';
import { checkCommand } from './cli/commands/check-command';
import { CommandFailure, failWith } from './cli/commands/command-output';
import { HELP_OPTION, type CommandSpec } from './cli/commands/command-spec';
import { createCompletionCommand } from './cli/commands/completion-command';
import { envCommand } from './cli/commands/env-command';
import { formatCommandHelp, formatOverview } from './cli/commands/format-help';
import { loginCommand } from './cli/commands/login-command';
import { parseCommandLine, UsageError } from './cli/commands/parse-command-line';
import { providerCommand } from './cli/commands/provider-command';
import { routeCommand } from './cli/commands/route-command';
import { serveCommand } from './cli/commands/serve-command';
import { statusCommand } from './cli/commands/status-command';
import { stopCommand } from './cli/commands/stop-command';
import { suggestNearest } from './cli/commands/suggest-nearest';

const versionCommand: CommandSpec = {
  name: 'version',
  summary: 'print the version',
  usage: 'version',
  options: [HELP_OPTION],
  examples: ['ais version'],
  async run() {
    process.stdout.write(`ais ${packageJson.version}\n`);
    return 0;
  },
};

const COMMANDS: readonly CommandSpec[] = [
  serveCommand,
  stopCommand,
  statusCommand,
  agentCommand,
  envCommand,
  loginCommand,
  routeCommand,
  providerCommand,
  cacheCommand,
  checkCommand,
  createCompletionCommand(() => COMMANDS),
  versionCommand,
];

/** Entry point of the `ais` command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = COMMANDS.find((command) => command.name === argv[1]);
    process.stdout.write(topic ? formatCommandHelp(topic) : formatOverview(COMMANDS));
    return 0;
  }
  if (first === '--version' || first === '-V')
    return versionCommand.run({ values: {}, positionals: [], passthrough: [] });
  // No command, or options only: `ais serve`, as before commands existed.
  const named = first !== undefined && !first.startsWith('-');
  const command = named ? COMMANDS.find((candidate) => candidate.name === first) : serveCommand;
  if (!command) {
    const nearest = suggestNearest(
      first as string,
      COMMANDS.map((candidate) => candidate.name),
    );
    return failWith(
      `unknown command "${first}"${nearest ? ` (did you mean \`ais ${nearest}\`?)` : ''}; see \`ais --help\``,
      2,
    );
  }
  try {
    const parsed = parseCommandLine(command, named ? argv.slice(1) : argv);
    if (parsed.values.help) {
      process.stdout.write(formatCommandHelp(command));
      return 0;
    }
    return await command.run(parsed);
  } catch (error) {
    if (error instanceof UsageError) return failWith(error.message, 2);
    if (error instanceof CommandFailure) return failWith(error.message, error.exitCode);
    if (error instanceof LaunchRefused || error instanceof ProfileError || error instanceof AdminCallError)
      return failWith(error.message, 1);
    if (process.env.AIS_DEBUG) throw error;
    return failWith(`${(error as Error).message} (AIS_DEBUG=1 shows the stack)`, 1);
  }
}
