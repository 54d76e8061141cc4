/** One option of a command, as `--help`, the parser and the completion scripts see it. */
export interface OptionSpec {
  name: string;
  short?: string;
  /** A boolean flag takes no value; a string option takes the next word (or `--name=value`). */
  type: 'boolean' | 'string';
  /** The value's placeholder in `--help`, e.g. `FILE`. */
  placeholder?: string;
  /** The values a string option accepts (checked, and offered by the completions). */
  choices?: readonly string[];
  description: string;
}

export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Words after the point where the command stops reading options (`ais agent claude …`). */
  passthrough: string[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** The synopsis after `ais`, e.g. `agent [route-key] <agent> [agent args…]`. */
  usage: string;
  /** More lines for `ais <cmd> --help`. */
  details?: readonly string[];
  options: readonly OptionSpec[];
  examples: readonly string[];
  /** Words the completions offer for the first positional (sub-commands, agent names). */
  positionalWords?: readonly string[];
  /**
   * Stops option parsing once the positionals so far satisfy this; everything
   * after is handed over untouched (an agent's own flags are not ours).
   */
  stopParsingAfter?: (positionals: readonly string[]) => boolean;
  run(parsed: ParsedCommandLine): Promise<number>;
}

/** Options every command takes. */
export const HELP_OPTION: OptionSpec = {
  name: 'help',
  short: 'h',
  type: 'boolean',
  description: 'this text',
};
export const CONFIG_OPTION: OptionSpec = {
  name: 'config',
  short: 'c',
  type: 'string',
  placeholder: 'FILE',
  description: 'config file (default: $AIS_HOME/config.yaml; AIS_HOME defaults to ~/.ai-switch)',
};
