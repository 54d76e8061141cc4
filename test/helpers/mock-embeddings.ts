/*
 * A deterministic stand-in for an embedding model: words and word pairs
 * hashed into a fixed number of signed dimensions. Texts that differ only in
 * case, punctuation or filler words ("please", "the", "thanks") get the same
 * vector; a changed content word moves it, a swapped word order moves it less.
 * It knows nothing of synonyms, so real paraphrases ("delete" / "remove") are
 * far apart: it stands in for the wire, not for a model's quality.
 */

const FILLER = new Set([
  'a',
  'an',
  'the',
  'please',
  'some',
  'me',
  'all',
  'thanks',
  'thank',
  'you',
  'can',
  'could',
  'would',
  'kindly',
]);

export const MOCK_DIMENSIONS = 256;

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

export function mockEmbedding(text: string, dimensions = MOCK_DIMENSIONS): number[] {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !FILLER.has(word));
  const features = [...words, ...words.slice(1).map((word, index) => `${words[index]} ${word}`)];
  const vector = new Array<number>(dimensions).fill(0);
  for (const feature of features) {
    const value = hash(feature);
    vector[value % dimensions]! += value & 0x80000000 ? -1 : 1;
  }
  // An empty text still gets a direction, so the vector is never zero.
  if (features.length === 0) vector[0] = 1;
  return vector;
}
