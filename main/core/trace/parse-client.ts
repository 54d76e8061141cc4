interface ClientPattern {
  /** Matches the start of the user agent; group 1 is the version. */
  pattern: RegExp;
  name: string;
}

// Real strings (see shared/fixtures/clients): `claude-cli/2.1.197 (external, cli)`,
// `codex_exec/0.169.0 (Debian 12.0.0; x86_64) …`, `GeminiCLI-tui/0.61.0/gemini-3.1-pro-preview (…)`,
// `OpenAI/JS 6.49.0`, `Anthropic/JS 1.11.0`, `google-genai-sdk/2.32.0 gl-node/v20.20.2`.
const CLIENTS: readonly ClientPattern[] = [
  { pattern: /^claude-cli\/(\S+)/i, name: 'Claude Code' },
  // Codex names its originator per front end: codex_exec, codex_cli_rs, codex_tui, codex_vscode…
  { pattern: /^codex[\w-]*\/(\S+)/i, name: 'Codex' },
  { pattern: /^GeminiCLI(?:-[\w-]+)?\/([^/\s]+)/i, name: 'Gemini CLI' },
  { pattern: /^OpenAI\/JS (\S+)/i, name: 'OpenAI SDK (JS)' },
  { pattern: /^OpenAI\/Python (\S+)/i, name: 'OpenAI SDK (Python)' },
  { pattern: /^Anthropic\/JS (\S+)/i, name: 'Anthropic SDK (JS)' },
  { pattern: /^Anthropic\/Python (\S+)/i, name: 'Anthropic SDK (Python)' },
  { pattern: /^google-genai-sdk\/(\S+)/i, name: 'Google GenAI SDK' },
  { pattern: /^opencode\/(\S+)/i, name: 'OpenCode' },
  { pattern: /^curl\/(\S+)/i, name: 'curl' },
];

/** A machine sees a handful of user agents; each is parsed once. Bounded in case a client randomises its agent. */
const parsed = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

/** A display name for the client behind a user agent, e.g. `Claude Code 2.1.197`. */
export function parseClient(userAgent: string | undefined): string {
  const key = userAgent ?? '';
  let client = parsed.get(key);
  if (client === undefined) {
    client = parseUncached(key);
    if (parsed.size >= MAX_REMEMBERED) parsed.clear();
    parsed.set(key, client);
  }
  return client;
}

function parseUncached(userAgent: string): string {
  const agent = userAgent.trim();
  if (agent === '') return 'unknown';
  for (const { pattern, name } of CLIENTS) {
    const match = pattern.exec(agent);
    if (match) return match[1] ? `${name} ${match[1]}` : name;
  }
  // Unknown clients: the first product token (`name/version`), as RFC 9110 orders them most significant first.
  const product = agent.split(/\s+/)[0] ?? agent;
  return product.length > 80 ? product.slice(0, 80) : product;
}

/** The client without its version (`Claude Code 2.1.197` → `Claude Code`): usage groups by this. */
export function clientFamily(client: string): string {
  return client.replace(/\s+v?\d[\w.+-]*$/, '').replace(/\/[^/\s]*$/, '') || client;
}
