import { setTimeout as delay } from 'node:timers/promises';
import { isProcessAlive, readRunFile } from '../../core/lifecycle/run-file';
import { HELP_OPTION, type CommandSpec } from './command-spec';
import { CommandFailure, currentHome, printLine } from './command-output';

/** The engine gives requests in flight 10 s, then flushes the recorder. */
const STOP_WAIT_MS = 20_000;

export const stopCommand: CommandSpec = {
  name: 'stop',
  summary: 'stop the AI Switch running on this home (gracefully) and wait for it',
  usage: 'stop',
  options: [HELP_OPTION],
  examples: ['ais stop', 'AIS_HOME=~/work-ais ais stop'],
  async run() {
    const home = currentHome();
    const state = readRunFile(home);
    if (state.kind === 'none') {
      printLine('AI Switch is not running.');
      return 0;
    }
    if (state.kind === 'stale') {
      printLine(`AI Switch is not running (the run.json of pid ${state.info?.pid ?? '?'} is stale).`);
      return 0;
    }
    const { pid } = state.info;
    const began = Date.now();
    try {
      process.kill(pid, 'SIGTERM');
    } catch (error) {
      throw new CommandFailure(`cannot signal pid ${pid}: ${(error as Error).message}`);
    }
    while (Date.now() - began < STOP_WAIT_MS) {
      await delay(100);
      if (!isProcessAlive(pid)) {
        printLine(`Stopped AI Switch (pid ${pid}) in ${((Date.now() - began) / 1000).toFixed(1)} s.`);
        return 0;
      }
    }
    throw new CommandFailure(
      `AI Switch (pid ${pid}) is still running ${STOP_WAIT_MS / 1000} s after SIGTERM; \`kill -9 ${pid}\` forces it`,
    );
  },
};
