import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { checkConfigFile, resolveConfigPath, type AppConfig, type RouteConfig } from '../../core/config';
import { findRunningEngine } from '../engine/find-running-engine';
import { startEngineDetached } from '../engine/start-engine-detached';
import { AGENTS, type AgentLaunch, type AgentName } from './agent-catalog';
import { buildAgentLaunch } from './build-agent-launch';
import type { ClaudeAuthStyle } from './build-claude-launch';
import type { GeminiHomePlan } from './build-gemini-launch';
import { parseJsonWithComments } from './parse-json-with-comments';
import { findFolderProfile, type FolderProfile } from './find-folder-profile';
import { resolveExecutable, type ResolvedExecutable } from './resolve-executable';

/** A reason not to launch: one line for the user. */
export class LaunchRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchRefused';
  }
}

export interface AgentLaunchRequest {
  agent: AgentName;
  /** Given on the command line; else the folder profile's. */
  routeKey?: string;
  model?: string;
  claudeAuth?: ClaudeAuthStyle;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  configPath?: string;
  /** Start `ais serve -d` when the proxy is down (needs `entry`, the script that runs ais). */
  start?: { entry: string };
  /** Only describe: a proxy that is down, or a missing agent, does not stop it. */
  dryRun?: boolean;
}

export interface AgentLaunchPlan {
  launch: AgentLaunch;
  executable: ResolvedExecutable | undefined;
  routeKey: string;
  routeSource: string;
  proxyUrl: string;
  proxyNote: string;
  profile: FolderProfile | undefined;
}

/**
 * Everything checked before an agent starts, in the order a user fixes them:
 * a route key, the route enabled, the proxy answering (or started), the agent
 * installed. Each refusal is one actionable line.
 */
export async function prepareAgentLaunch(request: AgentLaunchRequest): Promise<AgentLaunchPlan> {
  const info = AGENTS[request.agent];
  const profile = findFolderProfile(request.cwd);
  const routeKey = request.routeKey ?? profile?.routeKey;
  if (routeKey === undefined)
    throw new LaunchRefused(
      `no route key: give one (\`ais agent <route-key> ${request.agent}\`) or put \`route: <route-key>\` in a .ai-switch.yaml in this folder or a parent`,
    );
  const routeSource = request.routeKey !== undefined ? 'command line' : `profile ${profile?.path ?? ''}`;

  const config = await readConfig(request);
  const route = config.routes[routeKey];
  if (!route) {
    const known = Object.keys(config.routes);
    throw new LaunchRefused(
      `there is no route "${routeKey}" in the config (${known.length} route${known.length === 1 ? '' : 's'} defined): \`ais check\` lists them`,
    );
  }
  if (route.disabled)
    throw new LaunchRefused(`the route "${routeKey}" is disabled: enable it in the config or the dashboard`);

  const { proxyUrl, proxyNote } = await reachProxy(request, config);

  const executable = resolveExecutable(info.executable, { env: request.env, platform: request.platform });
  if (!executable && !request.dryRun)
    throw new LaunchRefused(
      `${info.title} (\`${info.executable}\`) is not on PATH: install it with \`${info.installCommand}\``,
    );

  const model = request.model ?? profile?.models[request.agent];
  const routeModels = namedModels(route);
  if (request.agent === 'opencode' && model === undefined && routeModels.length === 0)
    throw new LaunchRefused(
      'OpenCode needs a model name and this route has no default_model or model_map: pass `--model <name>` or set agents.opencode.model in .ai-switch.yaml',
    );
  const launch = buildAgentLaunch({
    agent: request.agent,
    proxyUrl,
    routeKey,
    args: request.args,
    ...(model ? { model } : {}),
    ...(request.claudeAuth ? { claudeAuth: request.claudeAuth } : {}),
    gemini: geminiHomePlan(request),
    routeModels,
  });
  return { launch, executable, routeKey, routeSource, proxyUrl, proxyNote, profile };
}

async function readConfig(request: AgentLaunchRequest): Promise<AppConfig> {
  const file = resolveConfigPath({ home: request.home, configPath: request.configPath });
  const report = await checkConfigFile({ path: file, env: request.env, createIfMissing: false });
  const error = report.problems.find((problem) => problem.severity === 'error');
  if (!report.config || error)
    throw new LaunchRefused(
      `the config ${file} cannot be used (${error?.path ? `${error.path}: ` : ''}${error?.message ?? 'invalid'}): run \`ais check\``,
    );
  return report.config;
}

async function reachProxy(
  request: AgentLaunchRequest,
  config: AppConfig,
): Promise<{ proxyUrl: string; proxyNote: string }> {
  const engine = await findRunningEngine(request.home);
  if (engine.kind === 'up') return { proxyUrl: engine.url, proxyNote: `running, pid ${engine.info.pid}` };
  const configured = `http://${config.server.host}:${config.server.port}`;
  if (request.dryRun) return { proxyUrl: configured, proxyNote: `from the config; ${engine.reason}` };
  if (!request.start)
    throw new LaunchRefused(`${engine.reason}: start it with \`ais serve -d\`, or add --start`);
  const serveArgs = request.configPath ? ['-c', request.configPath] : [];
  try {
    const started = await startEngineDetached({
      home: request.home,
      entry: request.start.entry,
      serveArgs,
      env: request.env,
    });
    return { proxyUrl: started.url, proxyNote: `started now, pid ${started.pid}` };
  } catch (error) {
    throw new LaunchRefused(`could not start AI Switch: ${(error as Error).message}`);
  }
}

/** Model names the route answers to by name. */
function namedModels(route: RouteConfig): string[] {
  const names = Object.keys(route.model_map);
  if (route.default_model) names.push(route.default_model.split('|').pop() as string);
  return [...new Set(names)];
}

function geminiHomePlan(request: AgentLaunchRequest): GeminiHomePlan {
  // Where the user's own `.gemini` is: their GEMINI_CLI_HOME, else their home folder.
  const userHome = request.env.GEMINI_CLI_HOME || request.env.HOME || request.env.USERPROFILE || homedir();
  const userGeminiDir = path.join(userHome, '.gemini');
  let userSettings: Record<string, unknown> | undefined;
  try {
    userSettings = parseJsonWithComments(readFileSync(path.join(userGeminiDir, 'settings.json'), 'utf8'));
  } catch {
    // No settings yet (a fresh install): ours stand alone.
  }
  let userEntries: string[] = [];
  try {
    userEntries = readdirSync(userGeminiDir);
  } catch {
    // No .gemini folder yet.
  }
  return {
    shadowHome: path.join(request.home, 'agents', 'gemini-home'),
    userGeminiDir,
    userSettings,
    userEntries,
    platform: request.platform,
  };
}
