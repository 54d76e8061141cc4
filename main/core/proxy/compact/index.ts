/** Compaction for any upstream: `/v1/responses/compact`, `compaction_trigger`, and AI Switch's own compaction items. */
export { answerCompaction, shouldAnswerCompaction } from './answer-compaction';
export { expandCompactionItems, formatSummaryForInstructions } from './expand-compaction-items';
export {
  SUMMARY_PROMPT,
  buildSummarisationRequest,
  hasCompactionTrigger,
} from './build-summarisation-request';
export {
  isAisCompaction,
  openCompactionSummary,
  sealCompactionSummary,
  type CompactionSummary,
} from './seal-compaction-summary';
