/*
 * Written on first run. It must load without problems and start a server with
 * no providers, and it is the first documentation most users read, so the
 * comments show how to add a provider and a route.
 */
export const DEFAULT_CONFIG_TEXT = `# AI Switch configuration.
# Changes are picked up while the app runs; check this file with \`ais check\`.
# \${VAR} is replaced by the environment variable VAR when the file is loaded,
# and stays \${VAR} when the app saves the file (keys never land here that way).

server:
  host: 127.0.0.1     # 0.0.0.0 to accept other machines (then set allowed_ips)
  port: 12345
  allowed_ips: []     # IPs and CIDRs, e.g. [192.168.1.0/24]
  allowed_origins: [] # web pages that may call the proxy from a browser (others get 403)
  # proxy_url: socks5://127.0.0.1:1080   # used by providers with enable_proxy: true

log_retention_days: 30

# Every request is traced (timings, tokens, cost). Bodies are kept for failed
# requests only; "all" keeps every body (a coding agent sends 100-300 KB a turn).
recording:
  capture: errors     # all | errors | off
  body_cap_kb: 256

# Used when a request's key does not match a route (per protocol, then overall).
# default_route: ais-default
# default_anthropic_route: ais-claude
# default_responses_route:
# default_chat_route:
# default_gemini_route:

# Upstream LLM APIs. format: chat | responses | anthropic | gemini (default chat).
providers: {}
#   deepseek:
#     name: DeepSeek
#     base_url: https://api.deepseek.com
#     api_key: \${DEEPSEEK_API_KEY}
#     fallback_keys: []          # tried in turn when a key is rate limited
#     format: chat
#     models: [deepseek-chat, deepseek-reasoner]
#     # Claude Code asks for 64000 output tokens; DeepSeek refuses more than its models allow.
#     max_output_tokens: { deepseek-chat: 8192, deepseek-reasoner: 65536 }
#     # think_tag: think         # treat <think>…</think> as reasoning
#     # enable_proxy: true       # send through server.proxy_url
#     # custom_headers: { User-Agent: my-client/1.0 }

# Routes: the key is what clients send as their API key (keep it secret).
# Any model may be written provider|model to use another provider.
routes: {}
#   ais-claude:
#     provider: deepseek
#     default_model: deepseek-chat
#     long_context_threshold: 60000
#     scene_map:                 # default, think, websearch, background, longContext, image
#       think: deepseek-reasoner
#       background: deepseek-chat
#     model_map:                 # client model → upstream model (case-insensitive)
#       claude-sonnet-4-5: deepseek|deepseek-chat
`;
