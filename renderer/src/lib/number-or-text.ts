/**
 * A typed number as a number; anything else as typed, so the schema refuses it
 * at its field (and the field keeps the text). Empty is left out: the default applies.
 */
export function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}
