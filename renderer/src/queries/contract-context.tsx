import { createContext, useContext, type ReactNode } from 'react';
import type { ContractClient } from '../client/create-contract-client';

const ContractClientContext = createContext<ContractClient | undefined>(undefined);

export function ContractClientProvider(props: { client: ContractClient; children: ReactNode }) {
  return (
    <ContractClientContext.Provider value={props.client}>{props.children}</ContractClientContext.Provider>
  );
}

export function useContractClient(): ContractClient {
  const client = useContext(ContractClientContext);
  if (!client) throw new Error('useContractClient needs a <ContractClientProvider> above it');
  return client;
}
