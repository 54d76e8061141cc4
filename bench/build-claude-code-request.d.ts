/** Types of build-claude-code-request.js, for the TypeScript benches that share it. */
export function readTurn(index: number): Record<string, unknown>[];
export function buildClaudeCodeRequest(): {
  body: string;
  headers: Record<string, string>;
  path: string;
  turns: number;
};
