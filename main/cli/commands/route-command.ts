import type { RouteExplainInput } from '../engine/admin-client';
import { HELP_OPTION, type CommandSpec } from './command-spec';
import { CommandFailure, connectToEngine, currentHome, printLine } from './command-output';

const PROTOCOLS = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'] as const;

export const routeCommand: CommandSpec = {
  name: 'route',
  summary: 'ask the running engine which provider and model a request would get, and why',
  usage: 'route explain [route-key] [--protocol P] [--model M] [--thinking] [--tools] [--image] [--tokens N]',
  options: [
    {
      name: 'protocol',
      type: 'string',
      placeholder: 'P',
      choices: PROTOCOLS,
      description: "the client's protocol (default anthropic)",
    },
    {
      name: 'model',
      short: 'm',
      type: 'string',
      placeholder: 'M',
      description: 'the model the client asks for',
    },
    { name: 'thinking', type: 'boolean', description: 'the request asks for extended thinking' },
    { name: 'tools', type: 'boolean', description: 'the request carries tools' },
    { name: 'image', type: 'boolean', description: 'the request carries an image' },
    {
      name: 'tokens',
      type: 'string',
      placeholder: 'N',
      description: "the request's size in tokens (long-context scene)",
    },
    { name: 'json', type: 'boolean', description: "print the engine's answer as JSON" },
    HELP_OPTION,
  ],
  examples: [
    'ais route explain ais-claude --model claude-sonnet-4-5 --thinking',
    'ais route explain --protocol openai-responses --model gpt-5 --tokens 120000',
  ],
  positionalWords: ['explain'],
  async run({ values, positionals }) {
    if (positionals[0] !== 'explain')
      throw new CommandFailure('usage: `ais route explain [route-key] [options]`', 2);
    const tokens = typeof values.tokens === 'string' ? Number(values.tokens) : undefined;
    if (tokens !== undefined && (!Number.isInteger(tokens) || tokens < 0))
      throw new CommandFailure(`--tokens must be a whole number, not "${String(values.tokens)}"`, 2);
    const input: RouteExplainInput = {
      protocol: (typeof values.protocol === 'string'
        ? values.protocol
        : 'anthropic') as RouteExplainInput['protocol'],
      ...(positionals[1] !== undefined ? { routeKey: positionals[1] } : {}),
      ...(typeof values.model === 'string' ? { model: values.model } : {}),
      ...(values.thinking ? { thinking: true } : {}),
      ...(values.tools ? { tools: true } : {}),
      ...(values.image ? { image: true } : {}),
      ...(tokens !== undefined ? { tokens } : {}),
    };
    const { client } = await connectToEngine(currentHome());
    const answer = await client.routeExplain(input);
    if (values.json) {
      printLine(JSON.stringify(answer, null, 2));
      return answer.ok ? 0 : 1;
    }
    if (!answer.ok) throw new CommandFailure(answer.message);
    printLine(`route:    ${answer.route} (matched by ${answer.matchedBy})`);
    printLine(`scene:    ${answer.scene} (${answer.sceneReason})`);
    printLine(`rule:     ${answer.rule}`);
    printLine(`target:   ${answer.providerId} / ${answer.model}`);
    const fallback = answer.fallback.map((step) => `${step.providerId}|${step.model}`);
    printLine(`fallback: ${fallback.length > 0 ? fallback.join(' → ') : 'none'}`);
    if (answer.tokens)
      printLine(
        `tokens:   ${answer.tokens.count}${answer.tokens.exact ? '' : ' (estimate)'}, long context from ${answer.tokens.threshold}`,
      );
    for (const warning of answer.warnings) printLine(`warning:  ${warning.message}`);
    return 0;
  },
};
