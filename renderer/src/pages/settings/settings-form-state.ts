import type { AppConfig } from '../../../../main/core/config/schema';
import { numberOrText } from '../../lib/number-or-text';

export interface PriceRow {
  model: string;
  input: string;
  output: string;
  cache_read: string;
  cache_write: string;
}

export interface SettingsForm {
  host: string;
  port: string;
  allowed_ips: string[];
  trusted_proxies: string[];
  proxy_url: string;
  log_retention_days: string;
  capture: AppConfig['recording']['capture'];
  body_cap_kb: string;
  prices: PriceRow[];
}

const text = (value: number | undefined): string => (value === undefined ? '' : String(value));

export function configToSettingsForm(config: AppConfig): SettingsForm {
  return {
    host: config.server.host,
    port: String(config.server.port),
    allowed_ips: [...config.server.allowed_ips],
    trusted_proxies: [...config.server.trusted_proxies],
    proxy_url: config.server.proxy_url ?? '',
    log_retention_days: String(config.log_retention_days),
    capture: config.recording.capture,
    body_cap_kb: String(config.recording.body_cap_kb),
    prices: Object.entries(config.prices).map(([model, price]) => ({
      model,
      input: String(price.input),
      output: String(price.output),
      cache_read: text(price.cache_read),
      cache_write: text(price.cache_write),
    })),
  };
}

/** The settingsUpdate input the form describes; an emptied outbound proxy is sent as `null`, which removes it. */
export function settingsFormToInput(form: SettingsForm): Record<string, unknown> {
  const proxyUrl = form.proxy_url.trim();
  return {
    server: {
      host: form.host.trim(),
      port: numberOrText(form.port),
      allowed_ips: form.allowed_ips,
      trusted_proxies: form.trusted_proxies,
      proxy_url: proxyUrl === '' ? null : proxyUrl,
    },
    log_retention_days: numberOrText(form.log_retention_days),
    recording: { capture: form.capture, body_cap_kb: numberOrText(form.body_cap_kb) },
    prices: Object.fromEntries(
      form.prices
        .filter((row) => row.model.trim() !== '')
        .map((row) => [
          row.model.trim(),
          {
            input: numberOrText(row.input),
            output: numberOrText(row.output),
            ...(row.cache_read.trim() !== '' && { cache_read: numberOrText(row.cache_read) }),
            ...(row.cache_write.trim() !== '' && { cache_write: numberOrText(row.cache_write) }),
          },
        ]),
    ),
  };
}
