import path from 'node:path';
import { findRunningEngine } from '../engine/find-running-engine';
import { startEngineDetached } from '../engine/start-engine-detached';
import { runServe } from '../serve';
import { CONFIG_OPTION, HELP_OPTION, type CommandSpec } from './command-spec';
import { CommandFailure, currentHome, printLine } from './command-output';

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: 'start the proxy and the dashboard (the default command)',
  usage: 'serve [-d] [-c FILE] [--host H] [--port P]',
  details: [
    'In the foreground, SIGINT/SIGTERM stop it gracefully (requests in flight finish, up to',
    '10 s) and SIGHUP re-reads the config. With -d it runs in the background: logs in',
    '$AIS_HOME/logs/, found again through $AIS_HOME/run.json by `ais status` and `ais stop`.',
  ],
  options: [
    {
      name: 'detach',
      short: 'd',
      type: 'boolean',
      description: 'run in the background and return once it answers',
    },
    CONFIG_OPTION,
    {
      name: 'host',
      type: 'string',
      placeholder: 'H',
      description: 'listen address (default from the config: 127.0.0.1)',
    },
    { name: 'port', type: 'string', placeholder: 'P', description: 'listen port; 0 picks a free one' },
    HELP_OPTION,
  ],
  examples: ['ais serve -d', 'ais serve --port 0', 'ais serve -c ./config.yaml --host 0.0.0.0'],
  async run({ values, positionals }) {
    if (positionals.length > 0)
      throw new CommandFailure(`\`ais serve\` takes no arguments, got "${positionals[0]}"`, 2);
    const configPath = typeof values.config === 'string' ? values.config : undefined;
    const host = typeof values.host === 'string' ? values.host : undefined;
    const port = typeof values.port === 'string' ? values.port : undefined;
    if (!values.detach)
      return runServe({
        ...(configPath ? { configPath } : {}),
        ...(host ? { host } : {}),
        ...(port !== undefined ? { port } : {}),
      });

    const home = currentHome();
    const running = await findRunningEngine(home);
    if (running.kind === 'up') {
      printLine(`AI Switch is already running at ${running.url} (pid ${running.info.pid}).`);
      return 0;
    }
    const serveArgs = [
      ...(configPath ? ['-c', path.resolve(configPath)] : []),
      ...(host ? ['--host', host] : []),
      ...(port !== undefined ? ['--port', port] : []),
    ];
    let started;
    try {
      started = await startEngineDetached({ home, entry: process.argv[1] as string, serveArgs });
    } catch (error) {
      throw new CommandFailure((error as Error).message);
    }
    printLine(`AI Switch ${started.url} (pid ${started.pid}, in the background)`);
    printLine(`Logs: ${path.join(home, 'logs')}   Dashboard link: \`ais login\`   Stop: \`ais stop\``);
    return 0;
  },
};
