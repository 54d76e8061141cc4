import { Activity, BarChart3, Gauge, Route as RouteIcon, Server, Settings, ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { CallError } from '../client/call-error';
import type { CallOutput } from '../client/calls';
import { cn } from '../lib/cn';
import { useEventBridge } from '../queries/use-event-bridge';
import { ConnectionBanner } from './connection-banner';
import { HeaderControls } from './header-controls';
import { ProxyStateControl } from './proxy-state-control';

const NAVIGATION = [
  { path: '/', key: 'nav.overview', icon: Gauge },
  { path: '/providers', key: 'nav.providers', icon: Server },
  { path: '/routes', key: 'nav.routes', icon: RouteIcon },
  { path: '/traces', key: 'nav.traces', icon: Activity },
  { path: '/usage', key: 'nav.usage', icon: BarChart3 },
  { path: '/guardrails', key: 'nav.guardrails', icon: ShieldCheck },
  { path: '/settings', key: 'nav.settings', icon: Settings },
] as const;

function isActive(location: string, path: string): boolean {
  return path === '/' ? location === '/' : location === path || location.startsWith(`${path}/`);
}

/** Sidebar, header with the proxy's state, the lost-connection banner, and the page. */
export function AppShell(props: {
  status: { data: CallOutput<'status'> | undefined; error: CallError | null };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const connection = useEventBridge();
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-background focus:p-2"
      >
        {t('nav.skipToContent')}
      </a>
      <aside className="w-14 shrink-0 border-r bg-sidebar md:w-52">
        <nav aria-label={t('nav.label')} className="sticky top-0 flex h-screen flex-col gap-1 p-2">
          <div className="mb-3 flex items-center gap-2 px-2 py-2 font-semibold">
            <span
              className="flex size-7 items-center justify-center rounded-md bg-primary text-xs text-primary-foreground"
              aria-hidden
            >
              AI
            </span>
            <span className="hidden md:inline">{t('app.name')}</span>
          </div>
          {NAVIGATION.map((item) => {
            const active = isActive(location, item.path);
            const Icon = item.icon;
            return (
              <Link
                key={item.path}
                href={item.path}
                aria-current={active ? 'page' : undefined}
                title={t(item.key)}
                className={cn(
                  'flex items-center gap-3 rounded-md px-2 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                  active && 'bg-accent text-foreground',
                )}
              >
                <Icon className="size-4 shrink-0" aria-hidden />
                <span className="hidden md:inline">{t(item.key)}</span>
              </Link>
            );
          })}
          {props.status.data && (
            <p className="mt-auto hidden px-2 text-xs text-muted-foreground md:block">
              {t('app.version', { version: props.status.data.version })}
            </p>
          )}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center gap-3 border-b bg-background/95 px-4 backdrop-blur">
          <ProxyStateControl status={props.status.data} error={props.status.error} />
          <div className="ml-auto">
            <HeaderControls />
          </div>
        </header>
        <ConnectionBanner state={connection} />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 p-4 focus:outline-none md:p-6"
        >
          {props.children}
        </main>
      </div>
    </div>
  );
}
