import { HELP_OPTION, type CommandSpec } from './command-spec';
import { CommandFailure, connectToEngine, currentHome, printLine } from './command-output';

export const providerCommand: CommandSpec = {
  name: 'provider',
  summary: 'test a provider: one small streamed request with a tool, through the running engine',
  usage: 'provider test <provider-id> [--model M]',
  details: ['Exit code 0 when the provider answered, 1 when it did not.'],
  options: [
    {
      name: 'model',
      short: 'm',
      type: 'string',
      placeholder: 'M',
      description: "the model to test (default: the provider's first)",
    },
    HELP_OPTION,
  ],
  examples: ['ais provider test deepseek', 'ais provider test openrouter --model qwen/qwen3-coder'],
  positionalWords: ['test'],
  async run({ values, positionals }) {
    const id = positionals[1];
    if (positionals[0] !== 'test' || id === undefined)
      throw new CommandFailure('usage: `ais provider test <provider-id> [--model M]`', 2);
    const { client } = await connectToEngine(currentHome());
    const result = await client.providerTest({
      id,
      ...(typeof values.model === 'string' ? { model: values.model } : {}),
    });
    const model = result.model ? ` ${result.model}` : '';
    if (!result.ok) {
      printLine(`${id}${model}: FAILED after ${result.latencyMs} ms: ${result.error ?? 'no answer'}`);
      return 1;
    }
    printLine(
      `${id}${model}: ok in ${result.latencyMs} ms (streaming ${result.streaming ? 'yes' : 'no'}, tool calls ${result.toolCalls ? 'yes' : 'no'})`,
    );
    return 0;
  },
};
