import { parseArgs } from 'node:util';
import packageJson from '../package.json';
import { runCheck } from './cli/check';
import { runServe } from './cli/serve';

const USAGE = `Usage: ais [command] [options]

Commands:
  serve            start the proxy and the dashboard (default)
  check            validate the config file and print a summary
  version          print the version

Options:
  -c, --config F   config file (default: $AIS_HOME/config.yaml, AIS_HOME defaults to ~/.ai-switch)
  --host H         listen address (serve)
  --port P         listen port, 0 picks a free one (serve)
  -h, --help       this text
`;

/** Entry point of the `ais` command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  const rest = command === argv[0] ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        config: { type: 'string', short: 'c' },
        host: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    process.stderr.write(`ais: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'version':
      process.stdout.write(`ais ${packageJson.version}\n`);
      return 0;
    case 'serve':
      return runServe({
        ...(parsed.values.config ? { configPath: parsed.values.config } : {}),
        ...(parsed.values.host ? { host: parsed.values.host } : {}),
        ...(parsed.values.port !== undefined ? { port: parsed.values.port } : {}),
      });
    case 'check':
      return runCheck({ configPath: parsed.values.config });
    default:
      process.stderr.write(`ais: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}
