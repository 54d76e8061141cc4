import type { AgentName } from '../agents/agent-catalog';
import type { TerminalRequest } from './terminal-adapters';

/**
 * What the tray's "Launch <agent>" opens in a terminal: `ais agent --start
 * [route-key] <agent>` in `cwd`, so the terminal shows the launcher's own
 * one-line refusals and the agent gets a real TTY. `node` is the runtime that
 * runs ais: node itself for the CLI; in the packaged app, the Electron binary
 * with ELECTRON_RUN_AS_NODE=1 in the terminal's environment.
 */
export function buildAgentTerminalRequest(input: {
  node: string;
  aisEntry: string;
  agent: AgentName;
  routeKey?: string;
  cwd: string;
}): TerminalRequest {
  return {
    argv: [
      input.node,
      input.aisEntry,
      'agent',
      '--start',
      ...(input.routeKey ? [input.routeKey] : []),
      input.agent,
    ],
    cwd: input.cwd,
    keepOpen: true,
  };
}
