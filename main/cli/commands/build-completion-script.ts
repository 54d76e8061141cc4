import type { CommandSpec, OptionSpec } from './command-spec';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** A completion script for `ais`, generated from the same specs as `--help`. */
export function buildCompletionScript(shell: CompletionShell, commands: readonly CommandSpec[]): string {
  if (shell === 'bash') return buildBash(commands);
  if (shell === 'zsh') return buildZsh(commands);
  return buildFish(commands);
}

const optionWords = (option: OptionSpec): string[] => [
  `--${option.name}`,
  ...(option.short ? [`-${option.short}`] : []),
];

function buildBash(commands: readonly CommandSpec[]): string {
  const cases = commands.map((command) => {
    const valueCases = command.options
      .filter((option) => option.type === 'string')
      .map((option) => {
        const reply = option.choices
          ? `COMPREPLY=( $(compgen -W "${option.choices.join(' ')}" -- "$cur") )`
          : option.name === 'config'
            ? 'COMPREPLY=( $(compgen -f -- "$cur") )'
            : 'COMPREPLY=()';
        return `        ${optionWords(option).join('|')}) ${reply}; return ;;`;
      });
    const stop = command.stopParsingAfter
      ? [
          `      for ((i = 2; i < COMP_CWORD; i++)); do`,
          `        case "\${COMP_WORDS[i]}" in ${(command.positionalWords ?? []).join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;; esac`,
          `      done`,
        ]
      : [];
    const words = [...command.options.flatMap(optionWords), ...(command.positionalWords ?? [])].join(' ');
    return [
      `    ${command.name})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      ...stop,
      `      COMPREPLY=( $(compgen -W "${words}" -- "$cur") ) ;;`,
    ].join('\n');
  });
  return `# bash completion for ais: eval "$(ais completion bash)" in ~/.bashrc
_ais() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" i
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((command) => command.name).join(' ')} --help" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -o default -F _ais ais
`;
}

function zshText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, `'\\''`)
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]')
    .replace(/:/g, '\\:');
}

function buildZsh(commands: readonly CommandSpec[]): string {
  const functions = commands.map((command) => {
    const specs = command.options.map((option) => {
      const names = optionWords(option);
      const label = names.length > 1 ? `{${names.join(',')}}` : names[0];
      const value =
        option.type === 'boolean'
          ? ''
          : option.choices
            ? `:${option.placeholder ?? 'value'}:(${option.choices.join(' ')})`
            : option.name === 'config'
              ? ':file:_files'
              : `:${option.placeholder ?? 'value'}: `;
      return `    ${names.length > 1 ? `'(${names.join(' ')})'` : ''}${label}'[${zshText(option.description)}]${value}'`;
    });
    const rest = command.stopParsingAfter
      ? `    '*::agent and its arguments:_normal'`
      : command.positionalWords
        ? `    '1:action:(${command.positionalWords.join(' ')})' '*:argument: '`
        : '';
    return `_ais_${command.name.replace(/-/g, '_')}() {\n  _arguments -s \\\n${[...specs, ...(rest ? [rest] : [])].join(' \\\n')}\n}`;
  });
  const list = commands.map((command) => `    '${command.name}:${zshText(command.summary)}'`).join('\n');
  return `#compdef ais
# zsh completion for ais: ais completion zsh > "\${fpath[1]}/_ais" (or eval "$(ais completion zsh)" after compinit)
${functions.join('\n\n')}

_ais() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local command="\${words[2]}"
  shift words
  (( CURRENT-- ))
  (( $+functions[_ais_\${command//-/_}] )) && _ais_\${command//-/_}
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _ais "$@"
else
  compdef _ais ais
fi
`;
}

function fishText(text: string): string {
  return `'${text.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}

function buildFish(commands: readonly CommandSpec[]): string {
  const names = commands.map((command) => command.name).join(' ');
  const lines = [
    '# fish completion for ais: ais completion fish > ~/.config/fish/completions/ais.fish',
    'complete -c ais -f',
    ...commands.map(
      (command) =>
        `complete -c ais -n "not __fish_seen_subcommand_from ${names}" -a ${command.name} -d ${fishText(command.summary)}`,
    ),
  ];
  for (const command of commands) {
    let condition = `__fish_seen_subcommand_from ${command.name}`;
    if (command.stopParsingAfter && command.positionalWords)
      condition += `; and not __fish_seen_subcommand_from ${command.positionalWords.join(' ')}`;
    for (const option of command.options) {
      const flags = [`-l ${option.name}`, ...(option.short ? [`-s ${option.short}`] : [])].join(' ');
      const value =
        option.type === 'boolean'
          ? ''
          : option.choices
            ? ` -x -a ${fishText(option.choices.join(' '))}`
            : option.name === 'config'
              ? ' -r -F'
              : ' -x';
      lines.push(
        `complete -c ais -n ${fishText(condition)} ${flags}${value} -d ${fishText(option.description)}`,
      );
    }
    if (command.positionalWords)
      lines.push(
        `complete -c ais -n ${fishText(condition)} -a ${fishText(command.positionalWords.join(' '))}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
