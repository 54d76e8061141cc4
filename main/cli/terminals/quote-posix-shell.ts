/** One word for sh/bash/zsh: bare when safe, else single-quoted (a ' becomes '\''). */
export function quotePosixWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_\-+=/.,:@%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function quotePosixCommand(argv: readonly string[]): string {
  return argv.map(quotePosixWord).join(' ');
}

/** One word for fish: inside single quotes fish also treats \ as an escape. */
export function quoteFishWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_\-+=/.,:@%]+$/.test(word)) return word;
  return `'${word.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}
