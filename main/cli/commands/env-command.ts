import { AGENT_NAMES, type AgentName } from '../agents/agent-catalog';
import { detectShell, formatShellExports, SHELLS, type ShellName } from '../agents/format-shell-exports';
import { LaunchRefused, prepareAgentLaunch } from '../agents/prepare-agent-launch';
import { writeLaunchFiles } from '../agents/write-launch-files';
import { quotePosixCommand } from '../terminals/quote-posix-shell';
import { CONFIG_OPTION, HELP_OPTION, type CommandSpec } from './command-spec';
import { currentHome } from './command-output';

export const envCommand: CommandSpec = {
  name: 'env',
  summary: "print the environment that points clients at a route, for this shell's eval",
  usage: 'env <route-key> [--shell bash|zsh|fish|powershell] [--agent claude|codex|gemini|opencode]',
  details: [
    'Without --agent: the base URL and key variables of the Anthropic, OpenAI and Gemini',
    'SDKs and CLIs. With --agent: exactly what `ais agent` gives that agent; flags it also',
    'needs (Codex, Claude Code) are printed as a comment. Nothing is written to any config.',
  ],
  options: [
    {
      name: 'shell',
      type: 'string',
      placeholder: 'SHELL',
      choices: SHELLS,
      description: 'syntax to print (default: from $SHELL)',
    },
    {
      name: 'agent',
      type: 'string',
      placeholder: 'AGENT',
      choices: AGENT_NAMES,
      description: "one agent's variables",
    },
    CONFIG_OPTION,
    HELP_OPTION,
  ],
  examples: [
    'eval "$(ais env ais-claude)"',
    'ais env ais-gemini --agent gemini --shell fish | source',
    'ais env ais-codex --shell powershell | Invoke-Expression',
  ],
  async run({ values, positionals }) {
    const routeKey = positionals[0];
    if (routeKey === undefined || positionals.length > 1)
      throw new LaunchRefused('give one route key: `ais env <route-key>`');
    const shell = (
      typeof values.shell === 'string' ? values.shell : detectShell(process.env, process.platform)
    ) as ShellName;
    const agent = (typeof values.agent === 'string' ? values.agent : 'claude') as AgentName;
    const plan = await prepareAgentLaunch({
      agent,
      routeKey,
      args: [],
      cwd: process.cwd(),
      env: process.env,
      platform: process.platform,
      home: currentHome(),
      ...(typeof values.config === 'string' ? { configPath: values.config } : {}),
      dryRun: true,
    });
    if (plan.proxyNote.startsWith('from the config')) process.stderr.write(`ais: note: ${plan.proxyNote}\n`);
    if (typeof values.agent !== 'string') {
      const env = {
        ANTHROPIC_BASE_URL: plan.proxyUrl,
        ANTHROPIC_AUTH_TOKEN: routeKey,
        OPENAI_BASE_URL: `${plan.proxyUrl}/v1`,
        OPENAI_API_KEY: routeKey,
        GOOGLE_GEMINI_BASE_URL: plan.proxyUrl,
        GEMINI_API_KEY: routeKey,
      };
      process.stdout.write(formatShellExports({ shell, env, unset: ['ANTHROPIC_API_KEY'] }));
      return 0;
    }
    writeLaunchFiles(plan.launch);
    process.stdout.write(formatShellExports({ shell, env: plan.launch.env, unset: plan.launch.unsetEnv }));
    if (plan.launch.args.length > 0)
      process.stdout.write(
        `# also pass: ${quotePosixCommand([plan.launch.executable, ...plan.launch.args])}\n`,
      );
    return 0;
  },
};
