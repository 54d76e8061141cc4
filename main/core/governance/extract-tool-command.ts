import {
  commandName,
  isShellName,
  parseShellArgv,
  parseShellCommand,
  type ShellCommand,
} from './parse-shell-command';

/** The shell tools of the agents we know, lower-cased: Claude Code, Codex, Gemini CLI, Cline, Cursor, OpenCode. */
export const SHELL_TOOL_NAMES: ReadonlySet<string> = new Set([
  'bash',
  'shell',
  'exec_command',
  'local_shell',
  'shell_command',
  'run_shell_command',
  'container.exec',
  'execute_command',
  'run_terminal_cmd',
  'terminal',
]);

/** What a rule reads of one tool call: the command line as text, and its parsed commands. */
export interface ToolCallSubject {
  text: string;
  commands: ShellCommand[];
}

/**
 * Reads the command out of a tool call's arguments: `command` (a string, or
 * Codex's argv array), `cmd` (Codex `exec_command`) or `action.command`
 * (`local_shell`). Arguments that are not JSON, or a tool with none of these,
 * are read whole: a guardrail judges what would run, not what parsed.
 */
export function extractToolCallSubject(argumentsText: string): ToolCallSubject {
  let value: unknown;
  try {
    value = JSON.parse(argumentsText) as unknown;
  } catch {
    return { text: argumentsText, commands: parseShellCommand(argumentsText) };
  }
  const command = commandField(value);
  if (typeof command === 'string') return { text: command, commands: parseShellCommand(command) };
  if (Array.isArray(command) && command.every((word) => typeof word === 'string')) {
    const argv = command as string[];
    // `["bash", "-lc", "…"]`: the script is what the agent meant to type.
    const script = argv.length === 3 && isShellName(commandName(argv[0]!)) && /^-[A-Za-z]*c$/.test(argv[1]!);
    return { text: script ? argv[2]! : argv.map(quoteWord).join(' '), commands: parseShellArgv(argv) };
  }
  return { text: argumentsText, commands: parseShellCommand(argumentsText) };
}

function commandField(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (record.command !== undefined) return record.command;
  if (record.cmd !== undefined) return record.cmd;
  const action = record.action as Record<string, unknown> | undefined;
  return action && typeof action === 'object' ? action.command : undefined;
}

/** Joins argv for the text-matching modes the way a person would type it. */
function quoteWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
