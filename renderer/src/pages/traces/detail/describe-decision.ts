/**
 * The routing decision the engine stored with a trace, read defensively (it is
 * JSON from the database, possibly from an older build) and turned into
 * message steps the Summary translates: route → scene and why → rule → target
 * → fallbacks → what each attempt did.
 */
export type DecisionStep =
  | { kind: 'route'; route: string; matchedBy: string }
  | { kind: 'scene'; scene: string; tokens?: { count: number; threshold: number; exact: boolean } }
  | { kind: 'rule'; rule: string; requestedModel: string; model: string; providerId: string }
  | { kind: 'fallbacks'; targets: string[] }
  | {
      kind: 'attempt';
      number: number;
      providerId: string;
      model?: string;
      status?: number;
      error?: string;
      last: boolean;
    };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

export function describeDecision(
  decision: Record<string, unknown> | undefined,
  attempts: readonly { providerId: string; model?: string; status?: number; error?: string }[],
): DecisionStep[] {
  const steps: DecisionStep[] = [];
  if (decision) {
    const route = text(decision.route);
    if (route) steps.push({ kind: 'route', route, matchedBy: text(decision.matchedBy) ?? 'route-key' });
    const scene = text(decision.scene);
    if (scene) {
      const tokens = record(decision.tokens);
      const count = number(tokens?.count);
      const threshold = number(tokens?.threshold);
      steps.push(
        count !== undefined && threshold !== undefined
          ? { kind: 'scene', scene, tokens: { count, threshold, exact: tokens?.exact !== false } }
          : { kind: 'scene', scene },
      );
    }
    const rule = text(decision.rule);
    const providerId = text(decision.providerId);
    const model = text(decision.model);
    if (rule && providerId && model)
      steps.push({
        kind: 'rule',
        rule,
        requestedModel: text(decision.requestedModel) ?? '',
        model,
        providerId,
      });
    const fallbacks = Array.isArray(decision.fallbacks) ? decision.fallbacks.map(record) : [];
    const targets = fallbacks.flatMap((fallback) => {
      const fallbackProvider = text(fallback?.providerId);
      const fallbackModel = text(fallback?.model);
      return fallbackProvider && fallbackModel ? [`${fallbackModel} · ${fallbackProvider}`] : [];
    });
    if (targets.length > 0) steps.push({ kind: 'fallbacks', targets });
  }
  for (const [index, attempt] of attempts.entries())
    steps.push({
      kind: 'attempt',
      number: index + 1,
      providerId: attempt.providerId,
      ...(attempt.model !== undefined && { model: attempt.model }),
      ...(attempt.status !== undefined && { status: attempt.status }),
      ...(attempt.error !== undefined && { error: attempt.error }),
      last: index === attempts.length - 1,
    });
  return steps;
}

/** The model each attempt asked for, from the decision's own attempt list (the stored attempts lack it). */
export function attemptModels(decision: Record<string, unknown> | undefined): (string | undefined)[] {
  const attempts = Array.isArray(decision?.attempts) ? decision.attempts : [];
  return attempts.map((attempt) => text(record(attempt)?.model));
}
