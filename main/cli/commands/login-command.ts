import { HELP_OPTION, type CommandSpec } from './command-spec';
import { connectToEngine, currentHome, printLine } from './command-output';

export const loginCommand: CommandSpec = {
  name: 'login',
  summary: 'print a fresh one-time link that logs a browser into the dashboard',
  usage: 'login',
  options: [HELP_OPTION],
  examples: ['ais login', 'xdg-open "$(ais login)"'],
  async run() {
    const { client } = await connectToEngine(currentHome());
    const { url } = await client.loginLink();
    printLine(url);
    return 0;
  },
};
