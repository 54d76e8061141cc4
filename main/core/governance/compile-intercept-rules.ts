import { RE2JS } from 're2js';
import type { GuardrailsConfig, InterceptRuleConfig } from '../config/guardrails-schema';
import { compileCommandPattern, matchesCommandPattern } from './match-command-pattern';
import { parseShellCommand, type ShellCommand } from './parse-shell-command';
import { SHELL_TOOL_NAMES } from './extract-tool-command';
import { STARTER_INTERCEPT_RULES } from './starter-intercept-rules';

export type InterceptAction = InterceptRuleConfig['action'];

/** What a rule is asked about: a tool call's command, or the latest user message. */
export interface InterceptSubject {
  target: InterceptRuleConfig['target'];
  /** The tool's name (tool_call only). */
  toolName?: string;
  text: string;
  /** The text parsed as shell commands (read by `match: command` only; parsed when absent). */
  commands?: ShellCommand[];
}

export interface InterceptMatch {
  rule: string;
  action: InterceptAction;
  message: string;
}

export interface InterceptRules {
  readonly count: number;
  /** Rules on tool calls exist for this tool name. */
  watchesTool(toolName: string): boolean;
  /** Any rule reads the latest user message. */
  readonly watchesUserMessage: boolean;
  /** Every matching rule, strongest action first (block, warn, log). */
  evaluate(subject: InterceptSubject): InterceptMatch[];
}

interface CompiledRule {
  name: string;
  target: InterceptRuleConfig['target'];
  tools?: ReadonlySet<string>;
  action: InterceptAction;
  message: string;
  test(subject: InterceptSubject, commands: () => ShellCommand[]): boolean;
}

const ACTION_ORDER: Record<InterceptAction, number> = { block: 0, warn: 1, log: 2 };

/** Builds the matchers once per config (patterns are parsed and regexes compiled here, not per request). */
export function compileInterceptRules(guardrails: GuardrailsConfig): InterceptRules {
  const configured = [...(guardrails.starter_rules ? STARTER_INTERCEPT_RULES : []), ...guardrails.intercept];
  const rules = configured.map((rule, index) => compileRule(rule, rule.name ?? `intercept[${index}]`));
  const toolRules = rules.filter((rule) => rule.target === 'tool_call');
  return {
    count: rules.length,
    watchesTool: (toolName) => toolRules.some((rule) => appliesToTool(rule, toolName)),
    watchesUserMessage: rules.some((rule) => rule.target === 'user_message'),
    evaluate(subject) {
      // Parsed only when a `command` rule asks: the text modes never pay for it.
      let parsed: ShellCommand[] | undefined = subject.commands;
      const commands = (): ShellCommand[] => (parsed ??= parseShellCommand(subject.text));
      const matches: InterceptMatch[] = [];
      for (const rule of rules) {
        if (rule.target !== subject.target) continue;
        if (subject.target === 'tool_call' && !appliesToTool(rule, subject.toolName ?? '')) continue;
        if (rule.test(subject, commands))
          matches.push({ rule: rule.name, action: rule.action, message: rule.message });
      }
      return matches.sort((left, right) => ACTION_ORDER[left.action] - ACTION_ORDER[right.action]);
    },
  };
}

function appliesToTool(rule: CompiledRule, toolName: string): boolean {
  return (rule.tools ?? SHELL_TOOL_NAMES).has(toolName.toLowerCase());
}

function compileRule(rule: InterceptRuleConfig, name: string): CompiledRule {
  const patterns = [rule.pattern].flat();
  const base = {
    name,
    target: rule.target,
    ...(rule.tools ? { tools: new Set(rule.tools.map((tool) => tool.toLowerCase())) } : {}),
    action: rule.action,
    message: rule.message ?? `the command matches the guardrail rule "${name}"`,
  };
  const fold = (text: string): string => {
    const collapsed = text.replace(/\s+/g, ' ').trim();
    return rule.ignore_case ? collapsed.toLowerCase() : collapsed;
  };
  switch (rule.match) {
    case 'exact': {
      const wanted = new Set(patterns.map(fold));
      return { ...base, test: (subject) => wanted.has(fold(subject.text)) };
    }
    case 'prefix': {
      const wanted = patterns.map(fold);
      return {
        ...base,
        test: (subject) => {
          const text = fold(subject.text);
          return wanted.some((pattern) => text.startsWith(pattern));
        },
      };
    }
    case 'contains': {
      const wanted = patterns.map(fold);
      return {
        ...base,
        // Folded once, not once per pattern: a user message can be hundreds of KB.
        test: (subject) => {
          const text = fold(subject.text);
          return wanted.some((pattern) => text.includes(pattern));
        },
      };
    }
    case 'regex': {
      // RE2 semantics: time linear in the input, whatever the pattern (no catastrophic backtracking).
      const flags = rule.ignore_case ? RE2JS.CASE_INSENSITIVE : 0;
      const compiled = patterns.map((pattern) => RE2JS.compile(pattern, flags));
      return { ...base, test: (subject) => compiled.some((regex) => regex.matcher(subject.text).find()) };
    }
    case 'command': {
      const compiled = patterns.map(compileCommandPattern);
      return {
        ...base,
        test: (_subject, commands) => compiled.some((pattern) => matchesCommandPattern(pattern, commands())),
      };
    }
    default: {
      const exhaustive: never = rule.match;
      throw new Error(`unknown match mode ${String(exhaustive)}`);
    }
  }
}
