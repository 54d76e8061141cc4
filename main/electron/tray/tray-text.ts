import en from '../../../renderer/src/i18n/locales/en.json';
import zhCN from '../../../renderer/src/i18n/locales/zh-CN.json';

/** The dashboard's languages; the tray reads the same catalogs (their `tray` section), never a copy. */
export type TrayLanguage = 'en' | 'zh-CN';
export type TrayTextKey = keyof typeof en.tray;
export type TrayText = (key: TrayTextKey, values?: Record<string, string | number>) => string;

const CATALOGS: Record<TrayLanguage, Record<TrayTextKey, string>> = { en: en.tray, 'zh-CN': zhCN.tray };

/** A translator for the tray's labels, with the catalogs' `{{name}}` placeholders. */
export function trayText(language: TrayLanguage = 'en'): TrayText {
  const catalog = CATALOGS[language];
  return (key, values = {}) =>
    catalog[key].replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}

/** The system's locale (`app.getLocale()`: `zh-CN`, `zh-TW`, `en-US`…) as a tray language. */
export function trayLanguageOf(locale: string | undefined): TrayLanguage {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
