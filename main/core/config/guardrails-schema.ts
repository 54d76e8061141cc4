import { z } from 'zod';
import { RE2JS } from 're2js';

/*
 * `guardrails:` — budgets, rate limits and command interception. Every part is
 * off until configured; a config without the section behaves exactly as before.
 */

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const INTERCEPT_TARGETS = ['tool_call', 'user_message'] as const;
export const INTERCEPT_MATCHES = ['exact', 'prefix', 'contains', 'regex', 'command'] as const;
export const INTERCEPT_ACTIONS = ['block', 'warn', 'log'] as const;

export const interceptRuleSchema = z
  .looseObject({
    /** Shown in the block message, the trace and metrics; default `intercept[<index>]`. */
    name: z.string().trim().min(1).optional(),
    target: z.enum(INTERCEPT_TARGETS).default('tool_call'),
    /**
     * Tool names a `tool_call` rule reads (case-insensitive); default the shell
     * tools of the known agents (Bash, shell, exec_command, run_shell_command…).
     */
    tools: z.array(nonEmpty).optional(),
    match: z.enum(INTERCEPT_MATCHES).default('command'),
    /** One pattern or several (any of them matches). */
    pattern: z.union([nonEmpty, z.array(nonEmpty).min(1)]),
    action: z.enum(INTERCEPT_ACTIONS).default('block'),
    /** exact / prefix / contains / regex: compare without regard to case. */
    ignore_case: z.boolean().default(false),
    /** Said to the agent (and the user) when the rule blocks; default names the rule. */
    message: z.string().optional(),
  })
  .superRefine((rule, context) => {
    if (rule.match !== 'regex') return;
    for (const pattern of [rule.pattern].flat()) {
      try {
        RE2JS.compile(pattern);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          path: ['pattern'],
          message: `is not a regular expression the linear-time engine accepts (no backreferences or lookaround): ${(error as Error).message}`,
        });
      }
    }
  });

export const guardrailsSchema = z
  .looseObject({
    /** Checked in order; the strongest action of all matching rules wins (block > warn > log). */
    intercept: z.array(interceptRuleSchema).default([]),
    /** Prepend the built-in rules: destructive commands, secret exfiltration, force pushes. */
    starter_rules: z.boolean().default(false),
  })
  .prefault({});

export type GuardrailsConfig = z.infer<typeof guardrailsSchema>;
export type InterceptRuleConfig = z.infer<typeof interceptRuleSchema>;
