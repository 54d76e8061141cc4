import { AGENT_NAMES, AGENTS, isAgentName, type AgentName } from '../agents/agent-catalog';
import { buildChildEnv } from '../agents/build-agent-launch';
import type { ClaudeAuthStyle } from '../agents/build-claude-launch';
import { writeLaunchFiles } from '../agents/write-launch-files';
import { describeAgentLaunch } from '../agents/describe-agent-launch';
import { prepareAgentLaunch } from '../agents/prepare-agent-launch';
import { exitLikeAgent, runAgentProcess } from '../agents/run-agent-process';
import { CONFIG_OPTION, HELP_OPTION, type CommandSpec } from './command-spec';
import { currentHome } from './command-output';
import { UsageError } from './parse-command-line';

export const agentCommand: CommandSpec = {
  name: 'agent',
  summary: 'run Claude Code, Codex, Gemini CLI or OpenCode through AI Switch (nothing of theirs is written)',
  usage: `agent [options] [route-key] <${AGENT_NAMES.join('|')}> [agent args…]`,
  details: [
    "The agent gets AI Switch's URL and the route key for this process only (environment",
    'variables and flags); its own settings files are never written. Without a route key,',
    'the nearest .ai-switch.yaml in this folder or a parent names one:',
    '  route: ais-claude',
    '  agents: { claude: { model: sonnet }, codex: { model: gpt-5 } }',
    'Everything after the agent name goes to the agent unchanged, and its exit code is ours.',
  ],
  options: [
    {
      name: 'explain',
      type: 'boolean',
      description: 'print the environment and command it would run (key masked), and the profile used',
    },
    {
      name: 'start',
      type: 'boolean',
      description: 'start `ais serve -d` first when AI Switch is not running',
    },
    {
      name: 'model',
      short: 'm',
      type: 'string',
      placeholder: 'MODEL',
      description: "the model to ask for (overrides the profile's)",
    },
    {
      name: 'auth',
      type: 'string',
      placeholder: 'STYLE',
      choices: ['token', 'api-key'],
      description:
        'Claude Code only: ANTHROPIC_AUTH_TOKEN (default; no "use this API key?" prompt) or ANTHROPIC_API_KEY',
    },
    CONFIG_OPTION,
    HELP_OPTION,
  ],
  examples: [
    'ais agent ais-claude claude',
    'ais agent codex exec "fix the failing test"     (route key from .ai-switch.yaml)',
    'ais agent --start ais-gemini gemini -p "summarize README.md"',
    'ais agent --explain ais-claude claude',
  ],
  positionalWords: AGENT_NAMES,
  stopParsingAfter: (positionals) => positionals.some(isAgentName),
  async run({ values, positionals, passthrough }) {
    const agentIndex = positionals.findIndex(isAgentName);
    if (agentIndex === -1)
      throw new UsageError(`name an agent: ${AGENT_NAMES.join(', ')} (e.g. \`ais agent ais-claude claude\`)`);
    if (agentIndex > 1)
      throw new UsageError(
        `expected [route-key] <agent>, got ${positionals.slice(0, agentIndex + 1).join(' ')}`,
      );
    const agent = positionals[agentIndex] as AgentName;
    const routeKey = agentIndex === 1 ? positionals[0] : undefined;
    const home = currentHome();
    const plan = await prepareAgentLaunch({
      agent,
      ...(routeKey !== undefined ? { routeKey } : {}),
      ...(typeof values.model === 'string' ? { model: values.model } : {}),
      ...(typeof values.auth === 'string' ? { claudeAuth: values.auth as ClaudeAuthStyle } : {}),
      ...(typeof values.config === 'string' ? { configPath: values.config } : {}),
      args: passthrough,
      cwd: process.cwd(),
      env: process.env,
      platform: process.platform,
      home,
      ...(values.start ? { start: { entry: process.argv[1] as string } } : {}),
      dryRun: values.explain === true,
    });
    if (values.explain) {
      process.stdout.write(
        describeAgentLaunch({
          launch: plan.launch,
          command:
            plan.executable?.found ??
            `${AGENTS[agent].executable} (not on PATH: ${AGENTS[agent].installCommand})`,
          routeKey: plan.routeKey,
          routeSource: plan.routeSource,
          proxyUrl: plan.proxyUrl,
          proxyNote: plan.proxyNote,
          profile: plan.profile,
          cwd: process.cwd(),
        }),
      );
      return 0;
    }
    writeLaunchFiles(plan.launch);
    const executable = plan.executable;
    if (!executable) return 1;
    let exit;
    try {
      exit = await runAgentProcess({
        executable,
        args: plan.launch.args,
        env: buildChildEnv(process.env, plan.launch),
        cwd: process.cwd(),
      });
    } catch (error) {
      process.stderr.write(`ais: could not start ${executable.found}: ${(error as Error).message}\n`);
      return 127;
    }
    return exitLikeAgent(exit);
  },
};
