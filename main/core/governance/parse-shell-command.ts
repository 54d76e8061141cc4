/**
 * A shell command line as the commands it would run: each simple command's
 * argv (quotes removed, escapes resolved, redirections dropped), and which
 * command's output feeds which (pipes, `$(…)`, `<(…)`). Wrappers are
 * unwrapped — `sudo`, `env`, `nohup`, `timeout`, `bash -c '…'`, `eval` — so a
 * rule about `rm -rf /` sees the `rm` inside any of them.
 *
 * This is a reader of intent, not a shell: it never expands variables
 * (`$HOME` stays `$HOME`) and a syntax error never throws — whatever was
 * read up to it is kept, because a guardrail must judge broken input too.
 */
export interface ShellCommand {
  argv: string[];
  /** Index (in the same list) of the command this one's output goes to. */
  feeds?: number;
}

/** Nesting deeper than this (`bash -c "bash -c …"`) is not unwrapped further. */
const MAX_DEPTH = 8;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox-sh']);

export function parseShellCommand(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  parseInto(text, commands, 0);
  return commands;
}

/** A command given as argv (Codex `shell` sends `["bash", "-lc", "…"]`), unwrapped the same way. */
export function parseShellArgv(argv: readonly string[]): ShellCommand[] {
  const commands: ShellCommand[] = [];
  addCommand([...argv], commands, 0);
  return commands;
}

export function isShellName(name: string): boolean {
  return SHELLS.has(name);
}

/** `/usr/bin/rm` → `rm`. */
export function commandName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash === -1 ? word : word.slice(slash + 1);
}

type Token =
  | { kind: 'word'; text: string; substitutions: string[] }
  | { kind: 'operator'; text: string }
  | { kind: 'group'; text: string; process: boolean };

function parseInto(text: string, commands: ShellCommand[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const tokens = tokenize(text);
  let current: { argv: string[]; substitutions: string[]; groups: string[] } = newSimple();
  /** The first command of the pipeline stage just closed by `|`, waiting for its consumer. */
  let pipeSources: number[] = [];

  const close = (operator: string | undefined): void => {
    const before = commands.length;
    const consumer = addCommand(current.argv, commands, depth);
    // What `$(…)` and `<(…)` run feeds the command that holds them.
    for (const inner of [...current.substitutions, ...current.groups]) {
      const start = commands.length;
      parseInto(inner, commands, depth + 1);
      if (consumer !== undefined)
        for (let index = start; index < commands.length; index++) commands[index]!.feeds ??= consumer;
    }
    const produced = consumer !== undefined ? [consumer] : range(before, commands.length);
    for (const source of pipeSources) if (produced[0] !== undefined) commands[source]!.feeds = produced[0];
    pipeSources =
      operator === '|' || operator === '|&' ? (consumer !== undefined ? [consumer] : produced.slice(-1)) : [];
    current = newSimple();
  };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind === 'word') {
      current.argv.push(token.text);
      current.substitutions.push(...token.substitutions);
    } else if (token.kind === 'group') {
      if (token.process) current.groups.push(token.text);
      else {
        // A subshell `( … )` runs its own commands; what it prints may still be piped on.
        close(undefined);
        const start = commands.length;
        parseInto(token.text, commands, depth + 1);
        const next = tokens[index + 1];
        if (next?.kind === 'operator' && (next.text === '|' || next.text === '|&')) {
          pipeSources = commands.length > start ? [commands.length - 1] : [];
          index++;
        }
      }
    } else if (token.text === DUPLICATION) {
      continue;
    } else if (REDIRECTIONS.has(token.text)) {
      // `> file`, `2>&1`: the target is not an argument.
      if (tokens[index + 1]?.kind === 'word') index++;
    } else {
      close(token.text);
    }
  }
  close(undefined);
}

function newSimple(): { argv: string[]; substitutions: string[]; groups: string[] } {
  return { argv: [], substitutions: [], groups: [] };
}

function range(from: number, to: number): number[] {
  const values: number[] = [];
  for (let index = from; index < to; index++) values.push(index);
  return values;
}

/** Adds the command (after unwrapping wrappers); returns the index of the command that runs. */
function addCommand(argv: string[], commands: ShellCommand[], depth: number): number | undefined {
  const words = stripGrouping(argv);
  if (words.length === 0) return undefined;
  const before = commands.length;
  const unwrapped = unwrap(words, commands, depth);
  // A shell's `-c` script: the shell (pushed first) is what receives its arguments and its input.
  if (!unwrapped) return commands.length > before ? before : undefined;
  if (unwrapped.length === 0) return undefined;
  commands.push({ argv: unwrapped });
  return commands.length - 1;
}

/** `{ rm -rf /; }` groups: the braces are words to the tokenizer but not arguments. */
function stripGrouping(argv: string[]): string[] {
  let words = argv;
  while (words[0] === '{' || words[0] === '!') words = words.slice(1);
  if (words.at(-1) === '}') words = words.slice(0, -1);
  return words;
}

const PLAIN_WRAPPERS = new Set([
  'command',
  'exec',
  'nohup',
  'builtin',
  'time',
  'caffeinate',
  'stdbuf',
  'chrt',
]);
/** Options of `sudo`/`doas`/`su` that take a value. */
const SUDO_VALUE_OPTIONS = new Set([
  '-u',
  '-g',
  '-C',
  '-D',
  '-h',
  '-p',
  '-r',
  '-t',
  '-T',
  '-U',
  '--user',
  '--group',
]);

/**
 * Strips wrappers and returns the argv that really runs; a shell's `-c`
 * script (and `eval`'s text) is parsed into `commands` instead (returns undefined).
 */
function unwrap(argv: string[], commands: ShellCommand[], depth: number): string[] | undefined {
  let words = argv;
  for (let guard = 0; guard < 32 && words.length > 0; guard++) {
    // Leading `NAME=value` assignments only set the environment.
    let start = 0;
    while (start < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[start]!)) start++;
    words = words.slice(start);
    if (words.length === 0) return [];
    const name = commandName(words[0]!);
    if (PLAIN_WRAPPERS.has(name)) {
      words = skipOptions(words.slice(1), new Set());
    } else if (name === 'sudo' || name === 'doas') {
      words = skipOptions(words.slice(1), SUDO_VALUE_OPTIONS);
    } else if (name === 'env') {
      words = skipOptions(
        words.slice(1),
        new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
      );
    } else if (name === 'nice' || name === 'ionice') {
      words = skipOptions(words.slice(1), new Set(['-n', '--adjustment', '-c', '--class']));
    } else if (name === 'timeout') {
      words = skipOptions(words.slice(1), new Set(['-s', '--signal', '-k', '--kill-after'])).slice(1);
    } else if (name === 'xargs') {
      words = skipOptions(words.slice(1), new Set(['-I', '-n', '-P', '-L', '-s', '-d', '-E', '-a']));
    } else if (name === 'eval') {
      parseInto(words.slice(1).join(' '), commands, depth + 1);
      return undefined;
    } else if (name === 'su') {
      const script = optionValue(words.slice(1), ['-c', '--command']);
      if (script === undefined) return words;
      parseInto(script, commands, depth + 1);
      return undefined;
    } else if (SHELLS.has(name)) {
      const script = shellScript(words.slice(1));
      if (script === undefined) return words;
      // The shell itself stays visible (a rule may name it) and what it runs follows.
      commands.push({ argv: words });
      parseInto(script, commands, depth + 1);
      return undefined;
    } else {
      return words;
    }
  }
  return words;
}

/** Drops leading options (and the values of `withValue` options) before the wrapped command. */
function skipOptions(words: string[], withValue: ReadonlySet<string>): string[] {
  let index = 0;
  while (index < words.length) {
    const word = words[index]!;
    if (word === '--') return words.slice(index + 1);
    if (!word.startsWith('-') || word === '-') break;
    index += withValue.has(word) ? 2 : 1;
  }
  return words.slice(index);
}

function optionValue(words: string[], names: string[]): string | undefined {
  for (let index = 0; index < words.length; index++) {
    if (names.includes(words[index]!)) return words[index + 1];
  }
  return undefined;
}

/** `bash -c 'script'`, `bash -lc 'script'`, `sh -euxc 'script'`: the script, or undefined. */
function shellScript(words: string[]): string | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!word.startsWith('-') || word.startsWith('--')) {
      if (word.startsWith('--')) continue;
      return undefined;
    }
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(word)) return words[index + 1];
    if (word === '-o' || word === '-O') index++;
  }
  return undefined;
}

const OPERATORS = ['&&', '||', '|&', ';;', '|', ';', '&', '\n'];
/** `2>&1`, `>&2`: descriptors duplicated, no file named. */
const DUPLICATION = '>&';
const REDIRECTIONS = new Set(['>', '>>', '<', '<<', '<<<', '>|', '&>', '&>>', '<>']);

/** Splits shell text into words (quotes resolved), operators and `( … )` groups. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let substitutions: string[] = [];
  const endWord = (): void => {
    if (inWord) tokens.push({ kind: 'word', text: word, substitutions });
    word = '';
    inWord = false;
    substitutions = [];
  };

  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === ' ' || char === '\t' || char === '\r') {
      endWord();
      index++;
      continue;
    }
    if (char === '#' && !inWord) {
      // A comment runs to the end of the line.
      while (index < text.length && text[index] !== '\n') index++;
      continue;
    }
    if (char === '\\') {
      if (text[index + 1] === '\n') {
        index += 2;
        continue;
      }
      word += text[index + 1] ?? '';
      inWord = true;
      index += 2;
      continue;
    }
    if (char === "'") {
      const end = text.indexOf("'", index + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(index + 1, stop);
      inWord = true;
      index = stop + 1;
      continue;
    }
    if (char === '$' && text[index + 1] === "'") {
      const read = readAnsiC(text, index + 2);
      word += read.value;
      inWord = true;
      index = read.end;
      continue;
    }
    if (char === '"') {
      index = readDoubleQuoted(text, index + 1, (piece) => (word += piece), substitutions);
      inWord = true;
      continue;
    }
    if (char === '$' && text[index + 1] === '(' && text[index + 2] !== '(') {
      const end = matchingParen(text, index + 2);
      substitutions.push(text.slice(index + 2, end));
      word += text.slice(index, Math.min(end + 1, text.length));
      inWord = true;
      index = end + 1;
      continue;
    }
    if (char === '$' && text[index + 1] === '{') {
      // `${HOME}` and `$HOME` name the same thing.
      const end = text.indexOf('}', index + 2);
      const stop = end === -1 ? text.length : end;
      word += '$' + text.slice(index + 2, stop);
      inWord = true;
      index = stop + 1;
      continue;
    }
    if (char === '`') {
      const end = text.indexOf('`', index + 1);
      const stop = end === -1 ? text.length : end;
      substitutions.push(text.slice(index + 1, stop));
      word += text.slice(index, stop + 1);
      inWord = true;
      index = stop + 1;
      continue;
    }
    if ((char === '<' || char === '>') && text[index + 1] === '(') {
      endWord();
      const end = matchingParen(text, index + 2);
      tokens.push({ kind: 'group', text: text.slice(index + 2, end), process: true });
      index = end + 1;
      continue;
    }
    if (char === '(' && !inWord) {
      const end = matchingParen(text, index + 1);
      tokens.push({ kind: 'group', text: text.slice(index + 1, end), process: false });
      index = end + 1;
      continue;
    }
    if (char === ')') {
      endWord();
      index++;
      continue;
    }
    const redirection = readRedirection(text, index, inWord ? word : '');
    if (redirection) {
      // `2>` : the fd digits were read as the start of a word; they belong to the operator.
      if (redirection.fdDigits) {
        word = '';
        inWord = false;
      }
      endWord();
      tokens.push({ kind: 'operator', text: redirection.operator });
      index = redirection.end;
      continue;
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
    if (operator) {
      endWord();
      tokens.push({ kind: 'operator', text: operator });
      index += operator.length;
      continue;
    }
    word += char;
    inWord = true;
    index++;
  }
  endWord();
  return tokens;
}

function readRedirection(
  text: string,
  index: number,
  pendingWord: string,
): { operator: string; end: number; fdDigits: boolean } | undefined {
  const char = text[index]!;
  if (char === '&' && text[index + 1] === '>') {
    const operator = text[index + 2] === '>' ? '&>>' : '&>';
    return { operator, end: index + operator.length, fdDigits: false };
  }
  if (char !== '<' && char !== '>') return undefined;
  const operator = ['<<<', '<<', '<>', '>>', '>|', '>&', '<&', '>', '<'].find((candidate) =>
    text.startsWith(candidate, index),
  )!;
  let end = index + operator.length;
  // `2>&1`: the duplicated descriptor is part of the redirection, not a word.
  if (operator.endsWith('&')) {
    while (end < text.length && /[0-9-]/.test(text[end]!)) end++;
    return { operator: DUPLICATION, end, fdDigits: /^[0-9]+$/.test(pendingWord) };
  }
  return { operator: operator === '>|' ? '>' : operator, end, fdDigits: /^[0-9]+$/.test(pendingWord) };
}

function readDoubleQuoted(
  text: string,
  start: number,
  append: (piece: string) => void,
  substitutions: string[],
): number {
  let index = start;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') return index + 1;
    if (char === '\\' && index + 1 < text.length && '$`"\\\n'.includes(text[index + 1]!)) {
      if (text[index + 1] !== '\n') append(text[index + 1]!);
      index += 2;
      continue;
    }
    if (char === '$' && text[index + 1] === '(' && text[index + 2] !== '(') {
      const end = matchingParen(text, index + 2);
      substitutions.push(text.slice(index + 2, end));
      append(text.slice(index, end + 1));
      index = end + 1;
      continue;
    }
    if (char === '$' && text[index + 1] === '{') {
      const end = text.indexOf('}', index + 2);
      const stop = end === -1 ? text.length : end;
      append('$' + text.slice(index + 2, stop));
      index = stop + 1;
      continue;
    }
    if (char === '`') {
      const end = text.indexOf('`', index + 1);
      const stop = end === -1 ? text.length : end;
      substitutions.push(text.slice(index + 1, stop));
      append(text.slice(index, stop + 1));
      index = stop + 1;
      continue;
    }
    append(char);
    index++;
  }
  return index;
}

/** The index of the `)` closing a group opened just before `start` (quotes respected). */
function matchingParen(text: string, start: number): number {
  let depth = 1;
  let index = start;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === "'") {
      const end = text.indexOf("'", index + 1);
      index = end === -1 ? text.length : end + 1;
      continue;
    }
    if (char === '"') {
      index = readDoubleQuoted(text, index + 1, () => undefined, []);
      continue;
    }
    if (char === '(') depth++;
    if (char === ')') {
      depth--;
      if (depth === 0) return index;
    }
    index++;
  }
  return text.length;
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** `$'\x72\x6d'` is `rm`: ANSI-C quoting decoded, so escapes can't hide a command. */
function readAnsiC(text: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start;
  while (index < text.length && text[index] !== "'") {
    if (text[index] !== '\\') {
      value += text[index];
      index++;
      continue;
    }
    const next = text[index + 1] ?? '';
    const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(index + 1, index + 4));
    const unicode = /^(u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8})/.exec(text.slice(index + 1, index + 10));
    const octal = /^[0-7]{1,3}/.exec(text.slice(index + 1, index + 4));
    if (hex) {
      value += String.fromCharCode(Number.parseInt(hex[1]!, 16));
      index += 1 + hex[0].length;
    } else if (unicode) {
      value += String.fromCodePoint(Number.parseInt(unicode[1]!.slice(1), 16));
      index += 1 + unicode[0].length;
    } else if (octal) {
      value += String.fromCharCode(Number.parseInt(octal[0], 8));
      index += 1 + octal[0].length;
    } else {
      value += ANSI_ESCAPES[next] ?? '\\' + next;
      index += 2;
    }
  }
  return { value, end: index + 1 };
}
