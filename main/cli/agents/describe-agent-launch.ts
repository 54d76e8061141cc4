import { maskSecret } from '../../core/api/mask-provider-keys';
import { quotePosixCommand, quotePosixWord } from '../terminals/quote-posix-shell';
import type { AgentLaunch } from './agent-catalog';
import type { FolderProfile } from './find-folder-profile';

/** `ais agent --explain`: what would run, as a shell would run it, the route key masked everywhere. */
export function describeAgentLaunch(input: {
  launch: AgentLaunch;
  /** The executable found on PATH, or its bare name. */
  command: string;
  /** Why the command would not start yet (e.g. not installed). */
  commandNote?: string;
  routeKey: string;
  routeSource: string;
  proxyUrl: string;
  proxyNote: string;
  profile: FolderProfile | undefined;
  cwd: string;
}): string {
  const mask = (text: string): string =>
    input.routeKey === '' ? text : text.split(input.routeKey).join(maskSecret(input.routeKey));
  const lines = [
    `agent:   ${input.launch.agent} (${input.command}${input.commandNote ? `; ${input.commandNote}` : ''})`,
    `route:   ${mask(input.routeKey)} (${input.routeSource})`,
    `proxy:   ${input.proxyUrl}${input.proxyNote ? ` (${input.proxyNote})` : ''}`,
    `profile: ${input.profile ? input.profile.path : 'none (no .ai-switch.yaml in this folder or its parents)'}`,
    `cwd:     ${input.cwd}`,
    'env:',
    ...Object.entries(input.launch.env).map(([name, value]) => `  ${name}=${mask(quotePosixWord(value))}`),
    ...input.launch.unsetEnv.map((name) => `  unset ${name}`),
  ];
  if (input.launch.files.length > 0 || input.launch.links.length > 0) {
    lines.push('files (ours, written before the launch):');
    for (const file of input.launch.files) lines.push(`  ${file.path}`);
    for (const link of input.launch.links) lines.push(`  ${link.path} -> ${link.target}`);
  }
  lines.push('argv:', `  ${mask(quotePosixCommand([input.command, ...input.launch.args]))}`);
  return `${lines.join('\n')}\n`;
}
