export * from './types';
export { createStore, DEFAULT_BODY_CAP_BYTES } from './create-store';
export type { BudgetAmounts, BudgetLedger, BudgetWindowKey } from './budget-ledger';
export { addAmounts, noBudgetAmounts } from './budget-ledger';
export type { AuditEntry, AuditLog } from './audit-log';
export type { ResponseCacheTable } from './response-cache-table';
export type { SemanticCacheTable, SemanticCacheRow, SemanticEvaluationRow } from './semantic-cache-table';
