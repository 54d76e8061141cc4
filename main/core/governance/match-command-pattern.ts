import { commandName, isShellName, parseShellCommand, type ShellCommand } from './parse-shell-command';

/**
 * A `match: command` pattern: one command, or a pipe chain (`curl | sh`),
 * written as a shell command line. A command line matches when one of its
 * commands (after unwrapping, see parseShellCommand) has the pattern's
 * command name, at least the pattern's flags (`-rf` = `-r -f` = `-fr` =
 * `--recursive --force`) and the pattern's operands in order among its own
 * (`/` = `/*` = `//`; `~` = `$HOME` = `${HOME}` = `~/`; `*` is any one operand,
 * and `*` inside an operand any run of characters).
 */
export interface CommandPattern {
  stages: PatternCommand[];
}

interface PatternCommand {
  name: string;
  flags: Set<string>;
  operands: string[];
}

interface NormalizedCommand {
  name: string;
  flags: Set<string>;
  operands: string[];
  feeds?: number;
}

/** Flag spellings that mean the same thing, per command. */
const FLAG_ALIASES: Record<string, Record<string, string>> = {
  rm: { R: 'r', recursive: 'r', force: 'f', dir: 'd' },
  rmdir: {},
  cp: { R: 'r', recursive: 'r', force: 'f' },
  mv: { force: 'f' },
  chmod: { recursive: 'R' },
  chown: { recursive: 'R' },
  chgrp: { recursive: 'R' },
  git: { force: 'f', delete: 'd', D: 'd', recursive: 'r' },
  shred: { remove: 'u', zero: 'z' },
  cat: {},
  scp: { r: 'r' },
  rsync: { delete: 'delete', r: 'r', recursive: 'r' },
  kill: { KILL: '9', SIGKILL: '9' },
};

/** Commands whose options are whole words after one dash (`find / -delete`). */
const WORD_OPTIONS = new Set(['find', 'dd']);

export function compileCommandPattern(pattern: string): CommandPattern {
  const commands = parseShellCommand(pattern);
  const normalized = commands.map(normalizeCommand);
  // The pattern's own pipe chain, in order, from the command nothing feeds (`sh <(curl)` is `curl | sh`).
  const fed = new Set(normalized.map((command) => command.feeds).filter((feeds) => feeds !== undefined));
  const stages: PatternCommand[] = [];
  let index: number | undefined = normalized.findIndex((_, position) => !fed.has(position));
  const seen = new Set<number>();
  while (index !== undefined && normalized[index] && !seen.has(index)) {
    seen.add(index);
    const { name, flags, operands } = normalized[index]!;
    stages.push({ name, flags, operands });
    index = normalized[index]!.feeds;
  }
  if (stages.length === 0) throw new Error(`the command pattern "${pattern}" names no command`);
  if (stages.length !== normalized.length)
    throw new Error(
      `the command pattern "${pattern}" must be one command or one pipe chain (a | b), not a list`,
    );
  return { stages };
}

export function matchesCommandPattern(pattern: CommandPattern, commands: readonly ShellCommand[]): boolean {
  const normalized = commands.map(normalizeCommand);
  return normalized.some((_, start) => matchesChainFrom(pattern.stages, normalized, start));
}

function matchesChainFrom(stages: PatternCommand[], commands: NormalizedCommand[], start: number): boolean {
  let index: number | undefined = start;
  for (const stage of stages) {
    if (index === undefined) return false;
    const command: NormalizedCommand | undefined = commands[index];
    if (!command || !matchesStage(stage, command)) return false;
    index = command.feeds;
  }
  return true;
}

function matchesStage(stage: PatternCommand, command: NormalizedCommand): boolean {
  if (!sameName(stage.name, command.name)) return false;
  for (const flag of stage.flags) if (!command.flags.has(flag)) return false;
  let next = 0;
  for (const operand of stage.operands) {
    while (next < command.operands.length && !operandMatches(operand, command.operands[next]!)) next++;
    if (next >= command.operands.length) return false;
    next++;
  }
  return true;
}

/** `sh` in a pattern stands for any shell: `curl | sh` covers `curl | bash` and `curl | zsh`. */
function sameName(patternName: string, name: string): boolean {
  if (patternName === name) return true;
  if (patternName.includes('*')) return operandMatches(patternName, name);
  return patternName === 'sh' && isShellName(name);
}

function operandMatches(pattern: string, operand: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === operand;
  const parts = pattern.split('*');
  let position = 0;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (index === 0) {
      if (!operand.startsWith(part)) return false;
      position = part.length;
      continue;
    }
    if (index === parts.length - 1) return operand.length - part.length >= position && operand.endsWith(part);
    const found = operand.indexOf(part, position);
    if (found === -1) return false;
    position = found + part.length;
  }
  return true;
}

function normalizeCommand(command: ShellCommand): NormalizedCommand {
  const name = commandName(command.argv[0] ?? '');
  const aliases = FLAG_ALIASES[name] ?? {};
  const flags = new Set<string>();
  const operands: string[] = [];
  let optionsEnded = false;
  for (const word of command.argv.slice(1)) {
    if (!optionsEnded && word === '--') {
      optionsEnded = true;
    } else if (!optionsEnded && word.startsWith('--') && word.length > 2) {
      const long = word.slice(2).split('=')[0]!;
      flags.add(aliases[long] ?? long);
    } else if (!optionsEnded && word.startsWith('-') && word.length > 1 && !/^-\d+$/.test(word)) {
      if (WORD_OPTIONS.has(name)) flags.add(word.slice(1));
      else for (const letter of word.slice(1)) flags.add(aliases[letter] ?? letter);
    } else if (word.startsWith('-') && /^-\d+$/.test(word) && !optionsEnded) {
      flags.add(word.slice(1));
    } else {
      operands.push(normalizePath(word));
    }
  }
  return { name, flags, operands, ...(command.feeds !== undefined ? { feeds: command.feeds } : {}) };
}

/** Spellings of the same place: `/*`, `//`, `/.` are `/`; `$HOME`, `~/` are `~`. */
export function normalizePath(word: string): string {
  let value = word;
  if (value === '$HOME' || value.startsWith('$HOME/')) value = '~' + value.slice(5);
  // `dir/*`, `dir/.`, `dir/` and `dir//` all name the directory itself.
  for (;;) {
    const trimmed = value.replace(/\/+\.?$/, '').replace(/\/\*$/, '');
    if (trimmed === value) break;
    value = trimmed;
  }
  if (value === '' && word.startsWith('/')) return '/';
  return value;
}
