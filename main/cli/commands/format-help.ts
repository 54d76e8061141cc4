import type { CommandSpec, OptionSpec } from './command-spec';

/** `ais --help`: every command with its summary and an example each. */
export function formatOverview(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const lines = ['Usage: ais <command> [options]   (no command: serve)', '', 'Commands:'];
  for (const command of commands) lines.push(`  ${command.name.padEnd(width)}${command.summary}`);
  lines.push('', 'Examples:');
  for (const command of commands) {
    const example = command.examples[0];
    if (example) lines.push(`  ${example}`);
  }
  lines.push('', 'Run `ais <command> --help` for its options.', '');
  return lines.join('\n');
}

/** `ais <cmd> --help`: synopsis, details, every option and the examples. */
export function formatCommandHelp(command: CommandSpec): string {
  const lines = [`Usage: ais ${command.usage}`, '', command.summary];
  if (command.details?.length) lines.push('', ...command.details);
  lines.push('', 'Options:');
  const labels = command.options.map(optionLabel);
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  command.options.forEach((option, index) => {
    const choices = option.choices ? ` (${option.choices.join(', ')})` : '';
    lines.push(`  ${(labels[index] as string).padEnd(width)}${option.description}${choices}`);
  });
  lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`), '');
  return lines.join('\n');
}

function optionLabel(option: OptionSpec): string {
  const names = option.short ? `-${option.short}, --${option.name}` : `    --${option.name}`;
  return option.type === 'string' ? `${names} ${option.placeholder ?? 'VALUE'}` : names;
}
