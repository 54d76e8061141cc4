import { lazy, Suspense } from 'react';
import { Toaster } from 'sonner';
import { Redirect, Route, Router, Switch } from 'wouter';
import { Loading } from './components/query-state';
import { AppShell } from './layout/app-shell';
import { SignedOutNotice } from './layout/signed-out-notice';
import { OverviewPage } from './pages/overview-page';
import { ProviderEditorPage } from './pages/providers/provider-editor-page';
import { ProvidersPage } from './pages/providers/providers-page';
import { RouteEditorPage } from './pages/routes/route-editor-page';
import { RoutesPage } from './pages/routes/routes-page';
import { SettingsPage } from './pages/settings/settings-page';
import { TraceDetailPage } from './pages/traces/trace-detail-page';
import { TracesPage } from './pages/traces/traces-page';
import { useHashRoute, useHashSearch } from './lib/use-hash-route';
import { useCall } from './queries/use-contract';
import { useTheme } from './theme/theme-context';

// Charts are heavy and only the usage page draws them: loaded on first visit.
const UsagePage = lazy(() => import('./pages/usage/usage-page'));
// So is the guardrails page (with the diff library its audit log draws changes with).
const GuardrailsPage = lazy(() => import('./pages/guardrails/guardrails-page'));

/** The hash router (deep links such as #/traces/<id> work from file:// and from `ais serve`). */
export function App() {
  const { theme } = useTheme();
  const status = useCall('status', {}, { refetchInterval: 30_000 });
  return (
    <>
      {status.error?.signedOut ? (
        <SignedOutNotice />
      ) : (
        <Router hook={useHashRoute} searchHook={useHashSearch}>
          <AppShell status={status}>
            <Suspense fallback={<Loading />}>
              <Switch>
                <Route path="/" component={OverviewPage} />
                <Route path="/providers" component={ProvidersPage} />
                <Route path="/providers/new" component={ProviderEditorPage} />
                <Route path="/providers/:id/duplicate" component={ProviderEditorPage} />
                <Route path="/providers/:id" component={ProviderEditorPage} />
                <Route path="/routes" component={RoutesPage} />
                <Route path="/routes/new" component={RouteEditorPage} />
                <Route path="/routes/:id" component={RouteEditorPage} />
                <Route path="/traces" component={TracesPage} />
                <Route path="/traces/:id" component={TraceDetailPage} />
                <Route path="/usage" component={UsagePage} />
                <Route path="/guardrails" component={GuardrailsPage} />
                <Route path="/settings" component={SettingsPage} />
                <Route>
                  <Redirect to="/" replace />
                </Route>
              </Switch>
            </Suspense>
          </AppShell>
        </Router>
      )}
      <Toaster theme={theme} position="bottom-right" richColors closeButton />
    </>
  );
}
