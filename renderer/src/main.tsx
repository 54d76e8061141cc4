import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import type { CallError } from './client/call-error';
import { chooseTransport, createContractClient } from './client/create-contract-client';
import { setupI18n } from './i18n/setup-i18n';
import { ContractClientProvider } from './queries/contract-context';
import { ThemeProvider } from './theme/theme-context';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The event stream tells us when config changes; polling on focus would only add noise.
      refetchOnWindowFocus: false,
      staleTime: 10_000,
      // A refused call (bad input, signed out, not found) will not get better by asking again.
      retry: (failures, error) => failures < 2 && (error as CallError).status >= 500,
    },
  },
});

async function start(): Promise<void> {
  await setupI18n();
  const client = createContractClient(chooseTransport(globalThis));
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ThemeProvider>
        <ContractClientProvider client={client}>
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        </ContractClientProvider>
      </ThemeProvider>
    </StrictMode>,
  );
}

void start();
