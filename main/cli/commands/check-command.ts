import { runCheck } from '../check';
import { CONFIG_OPTION, HELP_OPTION, type CommandSpec } from './command-spec';

export const checkCommand: CommandSpec = {
  name: 'check',
  summary: 'validate the config file and print a summary',
  usage: 'check [-c FILE]',
  details: ['Exit code 0 when valid, 1 with errors, 2 with warnings only.'],
  options: [CONFIG_OPTION, HELP_OPTION],
  examples: ['ais check', 'ais check -c ./config.yaml'],
  run: ({ values }) =>
    runCheck({ configPath: typeof values.config === 'string' ? values.config : undefined }),
};
