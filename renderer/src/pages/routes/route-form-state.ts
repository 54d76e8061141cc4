import { SCENES, type RouteConfig } from '../../../../main/core/config/schema';

export interface RouteForm {
  key: string;
  label: string;
  provider: string;
  default_model: string;
  disabled: boolean;
  long_context_threshold: string;
  scene_map: Record<string, string>;
  model_map: { name: string; value: string }[];
  fallback: string[];
}

const FORM_FIELDS = new Set([
  'label',
  'provider',
  'default_model',
  'disabled',
  'long_context_threshold',
  'scene_map',
  'model_map',
  'fallback',
]);

export function emptyRouteForm(key: string, provider = ''): RouteForm {
  return {
    key,
    label: '',
    provider,
    default_model: '',
    disabled: false,
    long_context_threshold: '',
    scene_map: {},
    model_map: [],
    fallback: [],
  };
}

export function routeToForm(key: string, route: RouteConfig): RouteForm {
  return {
    key,
    label: route.label ?? '',
    provider: route.provider,
    default_model: route.default_model ?? '',
    disabled: route.disabled,
    long_context_threshold:
      route.long_context_threshold === undefined ? '' : String(route.long_context_threshold),
    scene_map: Object.fromEntries(
      Object.entries(route.scene_map).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    ),
    model_map: Object.entries(route.model_map).map(([name, value]) => ({ name, value })),
    fallback: [...route.fallback],
  };
}

/** The route the form describes; scenes the form does not list (and other unknown fields) are kept. */
export function formToRoute(
  form: RouteForm,
  original: Record<string, unknown> = {},
): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(original).filter(([key]) => !FORM_FIELDS.has(key)));
  const originalScenes = (original.scene_map ?? {}) as Record<string, unknown>;
  const keptScenes = Object.fromEntries(
    Object.entries(originalScenes).filter(([scene]) => !(SCENES as readonly string[]).includes(scene)),
  );
  const threshold = form.long_context_threshold.trim();
  const thresholdValue =
    threshold === '' ? undefined : Number.isFinite(Number(threshold)) ? Number(threshold) : threshold;
  return {
    ...kept,
    provider: form.provider.trim(),
    ...(form.label.trim() !== '' && { label: form.label.trim() }),
    ...(form.default_model.trim() !== '' && { default_model: form.default_model.trim() }),
    disabled: form.disabled,
    ...(thresholdValue !== undefined && { long_context_threshold: thresholdValue }),
    scene_map: {
      ...keptScenes,
      ...Object.fromEntries(
        Object.entries(form.scene_map)
          .map(([scene, value]) => [scene, value.trim()] as const)
          .filter(([, value]) => value !== ''),
      ),
    },
    model_map: Object.fromEntries(
      form.model_map
        .filter((row) => row.name.trim() !== '')
        .map((row) => [row.name.trim(), row.value.trim()]),
    ),
    fallback: form.fallback.map((value) => value.trim()).filter(Boolean),
  };
}
