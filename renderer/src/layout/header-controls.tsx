import { Languages, Monitor, Moon, Sun } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../components/ui/select';
import { changeLanguage, LANGUAGES, type Language } from '../i18n/setup-i18n';
import { useTheme } from '../theme/theme-context';
import type { ThemeChoice } from '../theme/apply-theme';

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '中文' };

/** Language and theme, reachable from every page. */
export function HeaderControls() {
  const { t, i18n } = useTranslation();
  const { theme, setTheme } = useTheme();
  const ThemeIcon = theme === 'dark' ? Moon : theme === 'light' ? Sun : Monitor;
  return (
    <div className="flex items-center gap-2">
      <Select value={i18n.language} onValueChange={(value) => changeLanguage(value as Language)}>
        <SelectTrigger
          className="h-8 w-auto gap-1"
          aria-label={t('settings.language')}
          data-testid="language-select"
        >
          <Languages className="size-4" aria-hidden />
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {LANGUAGES.map((language) => (
            <SelectItem key={language} value={language}>
              {LANGUAGE_NAMES[language]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select value={theme} onValueChange={(value) => setTheme(value as ThemeChoice)}>
        <SelectTrigger
          className="h-8 w-auto gap-1"
          aria-label={t('settings.theme')}
          data-testid="theme-select"
        >
          <ThemeIcon className="size-4" aria-hidden />
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="light">{t('theme.light')}</SelectItem>
          <SelectItem value="dark">{t('theme.dark')}</SelectItem>
          <SelectItem value="system">{t('theme.system')}</SelectItem>
        </SelectContent>
      </Select>
    </div>
  );
}
