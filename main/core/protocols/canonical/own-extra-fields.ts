import type { ProtocolExtra, ProtocolName, Warning } from './types';

/**
 * The extra fields a part carries for `protocol` — written back as they came
 * when the encoder speaks the protocol that sent them. Another protocol has no
 * slot for them: they go, with a warning naming them.
 */
export function ownExtraFields(input: {
  extra: ProtocolExtra | undefined;
  protocol: ProtocolName;
  /** What carried them, for the warning (`tool Read`). */
  owner: string;
  warnings: Warning[];
}): Record<string, unknown> {
  const { extra } = input;
  if (!extra) return {};
  if (extra.protocol === input.protocol) return extra.fields;
  const names = Object.keys(extra.fields);
  if (names.length > 0)
    input.warnings.push({
      code: 'extra-fields-dropped',
      message: `${input.owner}: ${names.join(', ')} from ${extra.protocol} ha${names.length === 1 ? 's' : 've'} no ${input.protocol} equivalent; dropped`,
    });
  return {};
}
