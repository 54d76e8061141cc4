import type { CommandSpec, OptionSpec, ParsedCommandLine } from './command-spec';
import { suggestNearest } from './suggest-nearest';

/** A mistake on the command line: one line for the user, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Reads `words` against the command's options. Unknown options are errors that
 * name the nearest known one; `--` ends the options.
 */
export function parseCommandLine(spec: CommandSpec, words: readonly string[]): ParsedCommandLine {
  const values: ParsedCommandLine['values'] = {};
  const positionals: string[] = [];
  for (let index = 0; index < words.length; index++) {
    if (spec.stopParsingAfter?.(positionals)) return { values, positionals, passthrough: words.slice(index) };
    const word = words[index] as string;
    if (word === '--') {
      return { values, positionals, passthrough: words.slice(index + 1) };
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const { option, inlineValue } = findOption(spec, word);
    if (option.type === 'boolean') {
      if (inlineValue !== undefined) throw new UsageError(`--${option.name} takes no value`);
      values[option.name] = true;
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      value = words[index + 1];
      if (value === undefined) throw new UsageError(`--${option.name} needs a value (${optionHint(option)})`);
      index++;
    }
    if (option.choices && !option.choices.includes(value)) {
      const nearest = suggestNearest(value, option.choices);
      throw new UsageError(
        `--${option.name} must be one of ${option.choices.join(', ')}, not "${value}"${nearest ? ` (did you mean ${nearest}?)` : ''}`,
      );
    }
    values[option.name] = value;
  }
  return { values, positionals, passthrough: [] };
}

function findOption(spec: CommandSpec, word: string): { option: OptionSpec; inlineValue?: string } {
  if (word.startsWith('--')) {
    const equals = word.indexOf('=');
    const name = equals === -1 ? word.slice(2) : word.slice(2, equals);
    const option = spec.options.find((candidate) => candidate.name === name);
    if (option) return equals === -1 ? { option } : { option, inlineValue: word.slice(equals + 1) };
    throw unknownOption(spec, word.slice(0, equals === -1 ? undefined : equals));
  }
  const short = word.slice(1, 2);
  const option = spec.options.find((candidate) => candidate.short === short);
  if (!option) throw unknownOption(spec, word);
  const rest = word.slice(2);
  if (rest === '') return { option };
  // `-p8080` is a value; `-hx` (bundled flags) is not supported: say so rather than guess.
  if (option.type === 'string') return { option, inlineValue: rest };
  throw unknownOption(spec, word);
}

function unknownOption(spec: CommandSpec, word: string): UsageError {
  const names = spec.options.flatMap((option) => [
    `--${option.name}`,
    ...(option.short ? [`-${option.short}`] : []),
  ]);
  const nearest = suggestNearest(word, names);
  const hint = nearest ? ` (did you mean ${nearest}?)` : '';
  return new UsageError(
    `unknown option ${word} for \`ais ${spec.name}\`${hint}; see \`ais ${spec.name} --help\``,
  );
}

function optionHint(option: OptionSpec): string {
  return option.choices ? option.choices.join('|') : (option.placeholder ?? 'VALUE');
}
