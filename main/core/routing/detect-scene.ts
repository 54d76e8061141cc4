import type { RouteConfig, Scene } from '../config/schema';
import type { CanonicalMessage, CanonicalRequest, ToolDefinition } from '../protocols/canonical/types';
import type { TokenMeasure } from './create-token-counter';

export interface SceneDetection {
  scene: Scene;
  /** Set when the route has a `long_context_threshold` (the only time tokens are counted). */
  tokens?: TokenMeasure;
}

/**
 * The request's scene; first match wins: longContext > background > websearch
 * > think > image > default. Works on the canonical request, so every inbound
 * protocol gets the same answer for the same idea.
 */
export function detectScene(input: {
  request: CanonicalRequest;
  route: Pick<RouteConfig, 'long_context_threshold'>;
  /** Usually `counter.measure`: may answer with an estimate when it is clearly on one side. */
  countTokens: (request: CanonicalRequest, threshold: number) => TokenMeasure;
}): SceneDetection {
  const { request, route } = input;
  const threshold = route.long_context_threshold;
  const tokens = threshold === undefined ? undefined : input.countTokens(request, threshold);
  const withTokens = (scene: Scene): SceneDetection => (tokens === undefined ? { scene } : { scene, tokens });

  if (threshold !== undefined && tokens !== undefined && tokens.count > threshold)
    return withTokens('longContext');
  if (isBackgroundModel(request.model)) return withTokens('background');
  if (request.tools.some(isWebSearchTool)) return withTokens('websearch');
  if (wantsReasoning(request)) return withTokens('think');
  if (latestUserTurnHasImage(request.messages)) return withTokens('image');
  return withTokens('default');
}

/** Claude Code sends its small side tasks (titles, summaries, quota probes) to a haiku model. */
function isBackgroundModel(model: string): boolean {
  return model.toLowerCase().includes('haiku');
}

/**
 * A provider-run search: Anthropic `web_search_20250305`, Responses
 * `web_search`/`web_search_preview` (decoders name both `web_search`), and
 * Gemini `googleSearch` / `google_search_retrieval` in case a decoder keeps
 * the Gemini name. Only builtins: Claude Code's own `WebSearch` function tool
 * is on every request and says nothing about this one.
 */
function isWebSearchTool(tool: ToolDefinition): boolean {
  if (tool.type !== 'builtin') return false;
  const name = tool.name.toLowerCase().replace(/[^a-z]/g, '');
  return name.startsWith('websearch') || name.startsWith('googlesearch');
}

/** Thinking asked for: Anthropic `enabled`/`adaptive`, Chat/Responses `reasoning_effort`, Gemini thinkingConfig. Effort `none` or a zero budget is a request for no thinking. */
function wantsReasoning(request: CanonicalRequest): boolean {
  const reasoning = request.reasoning;
  if (reasoning === undefined || !reasoning.enabled) return false;
  return reasoning.effort !== 'none' && reasoning.budgetTokens !== 0;
}

/**
 * Only the latest user turn: the image scene is for a model that must look at
 * an image now (a pasted screenshot, or a Read/tool result returning one in
 * this turn). An image from many turns ago would otherwise pin the whole
 * session to the vision model. Tool results count because agents return
 * screenshots that way, and they sit in the user message (canonical rule).
 */
function latestUserTurnHasImage(messages: CanonicalMessage[]): boolean {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role !== 'user') continue;
    return message.content.some(
      (part) =>
        part.type === 'image' ||
        (part.type === 'tool-result' && part.content.some((content) => content.type === 'image')),
    );
  }
  return false;
}
