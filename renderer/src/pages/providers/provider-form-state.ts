import type { ProviderConfig } from '../../../../main/core/config/schema';
import { numberOrText } from '../../lib/number-or-text';

/** A provider as the form edits it: text where the user types, rows where there are lists. */
export interface ProviderForm {
  id: string;
  name: string;
  base_url: string;
  path: string;
  format: ProviderConfig['format'];
  api_key: string;
  fallback_keys: string[];
  think_tag: string;
  models: string[];
  /** One limit for every model, used when no model has its own. */
  max_output_all: string;
  max_output_per_model: Record<string, string>;
  enable_proxy: boolean;
  custom_headers: { name: string; value: string }[];
  connect_timeout_ms: string;
  first_byte_timeout_ms: string;
  idle_timeout_ms: string;
}

const FORM_FIELDS = new Set([
  'name',
  'base_url',
  'path',
  'format',
  'api_key',
  'fallback_keys',
  'think_tag',
  'models',
  'max_output_tokens',
  'enable_proxy',
  'custom_headers',
  'connect_timeout_ms',
  'first_byte_timeout_ms',
  'idle_timeout_ms',
]);

export function emptyProviderForm(): ProviderForm {
  return {
    id: '',
    name: '',
    base_url: '',
    path: '',
    format: 'chat',
    api_key: '',
    fallback_keys: [],
    think_tag: '',
    models: [],
    max_output_all: '',
    max_output_per_model: {},
    enable_proxy: false,
    custom_headers: [],
    connect_timeout_ms: '',
    first_byte_timeout_ms: '',
    idle_timeout_ms: '',
  };
}

const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));

export function providerToForm(id: string, provider: ProviderConfig): ProviderForm {
  const limit = provider.max_output_tokens;
  return {
    id,
    name: provider.name ?? '',
    base_url: provider.base_url,
    path: provider.path ?? '',
    format: provider.format,
    api_key: provider.api_key ?? '',
    fallback_keys: [...provider.fallback_keys],
    think_tag: provider.think_tag ?? '',
    models: [...provider.models],
    max_output_all: typeof limit === 'number' ? String(limit) : '',
    max_output_per_model:
      typeof limit === 'object'
        ? Object.fromEntries(Object.entries(limit).map(([model, value]) => [model, String(value)]))
        : {},
    enable_proxy: provider.enable_proxy,
    custom_headers: Object.entries(provider.custom_headers).map(([name, value]) => ({ name, value })),
    connect_timeout_ms: text(provider.connect_timeout_ms),
    first_byte_timeout_ms: text(provider.first_byte_timeout_ms),
    idle_timeout_ms: text(provider.idle_timeout_ms),
  };
}

/**
 * The provider the form describes, to check with the server's schema and to
 * send. Fields the form does not know (an older file's extras) are kept.
 */
export function formToProvider(
  form: ProviderForm,
  original: Record<string, unknown> = {},
): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(original).filter(([key]) => !FORM_FIELDS.has(key)));
  const perModel = Object.entries(form.max_output_per_model).filter(([, value]) => value.trim() !== '');
  const maxOutput =
    perModel.length > 0
      ? Object.fromEntries(perModel.map(([model, value]) => [model, numberOrText(value)]))
      : numberOrText(form.max_output_all);
  const optional = (key: string, value: unknown): Record<string, unknown> =>
    value === undefined || value === '' ? {} : { [key]: value };
  return {
    ...kept,
    ...optional('name', form.name.trim()),
    base_url: form.base_url.trim(),
    ...optional('path', form.path.trim()),
    format: form.format,
    ...optional('api_key', form.api_key.trim()),
    fallback_keys: form.fallback_keys.map((key) => key.trim()).filter(Boolean),
    ...optional('think_tag', form.think_tag.trim()),
    models: form.models,
    ...optional('max_output_tokens', maxOutput),
    enable_proxy: form.enable_proxy,
    custom_headers: Object.fromEntries(
      form.custom_headers
        .filter((header) => header.name.trim() !== '')
        .map((header) => [header.name.trim(), header.value]),
    ),
    ...optional('connect_timeout_ms', numberOrText(form.connect_timeout_ms)),
    ...optional('first_byte_timeout_ms', numberOrText(form.first_byte_timeout_ms)),
    ...optional('idle_timeout_ms', numberOrText(form.idle_timeout_ms)),
  };
}

/** `${NAME}`: the config keeps the reference and the engine reads the variable. */
export function environmentReference(value: string): string | undefined {
  return /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value.trim())?.[1];
}

/**
 * A provider as its file writes it: a value the file takes from `${VAR}`
 * (configRead's `envReferences`, by dotted path) shows the reference instead
 * of the masked secret, and saving sends the reference back unchanged.
 */
export function withEnvReferences(
  id: string,
  provider: ProviderConfig,
  references: Record<string, string>,
): ProviderConfig {
  const prefix = `providers.${id}.`;
  const referenced = new Map(
    Object.entries(references)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, template]) => [path.slice(prefix.length), template]),
  );
  if (referenced.size === 0) return provider;
  const at = (field: string, value: string): string => referenced.get(field) ?? value;
  return {
    ...provider,
    ...(provider.name !== undefined && { name: at('name', provider.name) }),
    base_url: at('base_url', provider.base_url),
    ...(provider.path !== undefined && { path: at('path', provider.path) }),
    ...(provider.api_key !== undefined && { api_key: at('api_key', provider.api_key) }),
    fallback_keys: provider.fallback_keys.map((key, index) => at(`fallback_keys.${index}`, key)),
    custom_headers: Object.fromEntries(
      Object.entries(provider.custom_headers).map(([name, value]) => [
        name,
        at(`custom_headers.${name}`, value),
      ]),
    ),
  };
}

/** Revealed keys for the form: a key the form shows as a `${VAR}` reference stays a reference. */
export function revealKeepingReferences(
  form: Pick<ProviderForm, 'api_key' | 'fallback_keys'>,
  revealed: { apiKey?: string | undefined; fallbackKeys: string[] },
): Pick<ProviderForm, 'api_key' | 'fallback_keys'> {
  const keep = (shown: string | undefined, secret: string): string =>
    shown !== undefined && environmentReference(shown) ? shown : secret;
  return {
    api_key: keep(form.api_key, revealed.apiKey ?? ''),
    fallback_keys: revealed.fallbackKeys.map((secret, index) => keep(form.fallback_keys[index], secret)),
  };
}

/** How a key is listed: references and already masked keys as they are, a typed secret shortened. */
export function displayKey(value: string): string {
  if (environmentReference(value) || value.includes('…') || value.length <= 12) return value;
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}

/**
 * The provider to send: a `${VAR}` reference the user left as shown goes back
 * as the masked value it stands for, which the server reads as "unchanged" and
 * writes back to the file as the reference.
 */
export function sendUnchangedReferencesMasked(
  candidate: Record<string, unknown>,
  masked: ProviderConfig,
  shown: ProviderConfig,
): Record<string, unknown> {
  const unchanged = (value: unknown, shownValue: string | undefined, maskedValue: string | undefined) =>
    typeof value === 'string' &&
    shownValue !== undefined &&
    maskedValue !== undefined &&
    value === shownValue &&
    shownValue !== maskedValue &&
    environmentReference(shownValue) !== undefined
      ? maskedValue
      : value;
  const result: Record<string, unknown> = { ...candidate };
  for (const field of ['name', 'base_url', 'path', 'api_key'] as const)
    if (field in result) result[field] = unchanged(result[field], shown[field], masked[field]);
  if (Array.isArray(result.fallback_keys))
    result.fallback_keys = result.fallback_keys.map((value: unknown) => {
      const index = shown.fallback_keys.indexOf(value as string);
      return index === -1 ? value : unchanged(value, shown.fallback_keys[index], masked.fallback_keys[index]);
    });
  if (typeof result.custom_headers === 'object' && result.custom_headers !== null)
    result.custom_headers = Object.fromEntries(
      Object.entries(result.custom_headers).map(([name, value]) => [
        name,
        unchanged(value, shown.custom_headers[name], masked.custom_headers[name]),
      ]),
    );
  return result;
}
