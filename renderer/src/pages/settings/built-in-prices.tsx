import { useTranslation } from 'react-i18next';
import { BUILT_IN_PRICES, PRICES_AS_OF } from '../../../../main/core/trace/prices';

/** The price table the engine uses when the config names no price for a model (USD per million tokens). */
export function BuiltInPrices() {
  const { t, i18n } = useTranslation();
  const format = (value: number | undefined): string =>
    value === undefined
      ? '—'
      : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 }).format(value);
  return (
    <details className="rounded-md border p-3 text-sm">
      <summary className="cursor-pointer font-medium">
        {t('settings.prices.builtIn', { date: PRICES_AS_OF })}
      </summary>
      <div className="mt-2 max-h-80 overflow-auto">
        <table className="w-full text-xs">
          <thead className="text-left text-muted-foreground">
            <tr>
              <th scope="col" className="p-1 font-medium">
                {t('settings.prices.model')}
              </th>
              <th scope="col" className="p-1 text-right font-medium">
                {t('settings.prices.input')}
              </th>
              <th scope="col" className="p-1 text-right font-medium">
                {t('settings.prices.output')}
              </th>
              <th scope="col" className="p-1 text-right font-medium">
                {t('settings.prices.cache_read')}
              </th>
              <th scope="col" className="p-1 text-right font-medium">
                {t('settings.prices.cache_write')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {Object.entries(BUILT_IN_PRICES).map(([model, price]) => (
              <tr key={model}>
                <td className="p-1 font-mono">{model}</td>
                <td className="p-1 text-right tabular-nums">{format(price.input)}</td>
                <td className="p-1 text-right tabular-nums">{format(price.output)}</td>
                <td className="p-1 text-right tabular-nums">{format(price.cacheRead)}</td>
                <td className="p-1 text-right tabular-nums">{format(price.cacheWrite)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
