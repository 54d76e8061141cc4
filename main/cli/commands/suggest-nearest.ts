/** The candidate closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function suggestNearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // Ties go to a candidate that starts like the word (people mistype the middle, not the start).
    const sameStart = candidate.replace(/^-+/, '')[0] === word.replace(/^-+/, '')[0];
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase()) - (sameStart ? 0.5 : 0);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A prefix (`--conf`) is a match whatever its length; otherwise allow about a third of the word.
  if (best !== undefined && best.startsWith(word) && word.length >= 2) return best;
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
