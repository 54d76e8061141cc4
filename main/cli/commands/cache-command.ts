import type { CallOutput } from '../../core/contract';
import { HELP_OPTION, type CommandSpec } from './command-spec';
import { CommandFailure, connectToEngine, currentHome, printLine } from './command-output';

type Evaluation = CallOutput<'cacheEvaluate'>;

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The report a person reads: the verdict first, then the figures, then each wrong answer it would have served. */
export function formatEvaluation(report: Evaluation): string[] {
  const { score } = report;
  const lines = [
    `${report.provider}/${report.model} (${report.dimensions} dimensions), ${report.pairs} labelled pairs, threshold ${report.threshold}:`,
    `  paraphrases served   ${score.hits} of ${score.shouldHit} (recall ${percent(score.recall)})`,
    `  near misses served   ${score.falseHits} of ${score.shouldMiss} (false-hit rate ${percent(score.falseHitRate)}, allowed ${percent(report.maxFalseHitRate)})`,
    `  precision            ${percent(score.precision)}`,
    report.suggestedThreshold === undefined
      ? '  suggested threshold  none: even 1 serves too many near misses with this model'
      : `  suggested threshold  ${report.suggestedThreshold} (the lowest that keeps the false-hit rate within the bound)`,
  ];
  if (report.falseHits.length > 0) {
    lines.push('', "Near misses that would have been answered with the other prompt's answer:");
    for (const pair of report.falseHits)
      lines.push(`  ${pair.similarity.toFixed(4)}  "${pair.first}" / "${pair.second}"`);
  }
  lines.push('');
  if (report.passed) {
    lines.push('Recorded: passed. With guardrails.cache.mode: semantic the layer answers opted-in requests.');
  } else {
    const advice =
      report.suggestedThreshold === undefined
        ? 'use another embedding model'
        : `set guardrails.cache.semantic.threshold to ${report.suggestedThreshold} or more, or use another embedding model`;
    lines.push(`Recorded: failed. The semantic layer stays off: ${advice}, then evaluate again.`);
  }
  return lines;
}

export const cacheCommand: CommandSpec = {
  name: 'cache',
  summary: 'evaluate the semantic response cache on labelled prompt pairs, through the running engine',
  usage: 'cache evaluate',
  details: [
    'Embeds the built-in labelled pairs (paraphrases that should share an answer, near misses that',
    'must not) with guardrails.cache.semantic.provider and .model, reports precision, recall and the',
    'false-hit rate at .threshold, suggests a threshold, and records the outcome: the semantic layer',
    'answers nothing until an evaluation of the same provider and model has passed.',
    'Exit code 0 when it passed, 1 when it did not.',
  ],
  options: [HELP_OPTION],
  examples: ['ais cache evaluate'],
  positionalWords: ['evaluate'],
  async run({ positionals }) {
    if (positionals[0] !== 'evaluate' || positionals.length > 1)
      throw new CommandFailure('usage: `ais cache evaluate`', 2);
    const { client } = await connectToEngine(currentHome());
    const report = await client.cacheEvaluate();
    for (const line of formatEvaluation(report)) printLine(line);
    return report.passed ? 0 : 1;
  },
};
