/** Types of shebang-node-flags.js, for the test that checks bin/ais.js's launch flags. */
export function shebangNodeFlags(bin: string): string[];
