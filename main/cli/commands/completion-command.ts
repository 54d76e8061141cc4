import { buildCompletionScript, COMPLETION_SHELLS, type CompletionShell } from './build-completion-script';
import { HELP_OPTION, type CommandSpec } from './command-spec';
import { CommandFailure } from './command-output';

/** `ais completion <shell>`; the command list is handed in to avoid an import cycle. */
export function createCompletionCommand(allCommands: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: 'completion',
    summary: 'print the shell completion script for bash, zsh or fish',
    usage: `completion <${COMPLETION_SHELLS.join('|')}>`,
    options: [HELP_OPTION],
    examples: [
      'eval "$(ais completion bash)"                              (in ~/.bashrc)',
      'ais completion zsh > "${fpath[1]}/_ais"',
      'ais completion fish > ~/.config/fish/completions/ais.fish',
    ],
    positionalWords: COMPLETION_SHELLS,
    async run({ positionals }) {
      const shell = positionals[0];
      if (!shell || !(COMPLETION_SHELLS as readonly string[]).includes(shell))
        throw new CommandFailure(
          `name a shell: ${COMPLETION_SHELLS.join(', ')} (e.g. \`ais completion bash\`)`,
          2,
        );
      process.stdout.write(buildCompletionScript(shell as CompletionShell, allCommands()));
      return 0;
    },
  };
}
