import { KeyRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/** The engine answered 401: the cookie is missing or stale. Say how to get a fresh login link. */
export function SignedOutNotice() {
  const { t } = useTranslation();
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-4 p-6">
      <h1 className="flex items-center gap-2 text-xl font-semibold">
        <KeyRound className="size-5" aria-hidden />
        {t('signIn.title')}
      </h1>
      <p className="text-sm text-muted-foreground">{t('signIn.body')}</p>
      <pre className="rounded-md bg-muted p-3 text-sm">ais login</pre>
    </main>
  );
}
