import type { InterceptRuleConfig } from '../config/guardrails-schema';

/**
 * `guardrails.starter_rules: true`: what no coding agent should run unasked.
 * Destructive commands and secret exfiltration are blocked; force pushes are
 * flagged (they have honest uses), as are reads of private keys by any tool.
 */
export const STARTER_INTERCEPT_RULES: readonly InterceptRuleConfig[] = [
  {
    name: 'starter: recursive delete of / or ~',
    target: 'tool_call',
    match: 'command',
    pattern: ['rm -r /', 'rm -r ~', 'find / -delete', 'find ~ -delete'],
    action: 'block',
    ignore_case: false,
    message: 'recursively deleting the root or home directory destroys the machine or the user’s files',
  },
  {
    name: 'starter: disk wipe',
    target: 'tool_call',
    match: 'regex',
    pattern: [
      '\\bmkfs(\\.[a-z0-9]+)?\\s',
      '\\bdd\\b[^|;&]*\\bof=/dev/(sd|nvme|hd|disk|xvd|vd|mmcblk)',
      '>\\s*/dev/(sd|nvme|hd|disk|xvd|vd|mmcblk)[a-z0-9]*\\b',
      '\\bshred\\b[^|;&]*/dev/',
    ],
    action: 'block',
    ignore_case: false,
    message: 'writing to a raw disk device erases it',
  },
  {
    name: 'starter: fork bomb',
    target: 'tool_call',
    match: 'regex',
    pattern: [':\\s*\\(\\s*\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*\\}\\s*;\\s*:'],
    action: 'block',
    ignore_case: false,
    message: 'a fork bomb exhausts the machine',
  },
  {
    name: 'starter: recursive chmod/chown of /',
    target: 'tool_call',
    match: 'command',
    pattern: ['chmod -R /', 'chown -R /', 'chmod -R ~', 'chown -R ~'],
    action: 'block',
    ignore_case: false,
    message: 'changing permissions on the whole system or home directory breaks it',
  },
  {
    name: 'starter: download piped to a shell',
    target: 'tool_call',
    match: 'command',
    pattern: ['curl | sh', 'wget | sh', 'curl | python*', 'wget | python*'],
    action: 'block',
    ignore_case: false,
    message: 'running a script straight from the network executes code nobody has read',
  },
  {
    name: 'starter: secrets read or sent',
    target: 'tool_call',
    match: 'regex',
    pattern: [
      '(~|\\$HOME|\\$\\{HOME\\}|/home/[^/\\s]+|/root|/Users/[^/\\s]+)/\\.ssh/(id_[a-z0-9_]+|[^\\s/]*\\.pem)\\b(?:[^.]|$)',
      '(~|\\$HOME|\\$\\{HOME\\}|/home/[^/\\s]+|/root|/Users/[^/\\s]+)/\\.aws/credentials\\b',
      '(~|\\$HOME|\\$\\{HOME\\}|/home/[^/\\s]+|/root|/Users/[^/\\s]+)/\\.(gnupg|password-store)/',
      '\\b(curl|wget|nc|ncat)\\b[^|;&]*(-d|--data[a-z-]*|-F|--form|-T|--upload-file)\\s*@?[^\\s]*\\.(ssh|aws|gnupg)/',
      '\\b(cat|base64|xxd)\\b[^|;&]*\\.(ssh|aws)/[^|;&]*\\|\\s*(curl|wget|nc|ncat)\\b',
      '\\benv\\b[^|;&]*\\|\\s*(curl|wget|nc|ncat)\\b',
    ],
    action: 'block',
    ignore_case: false,
    message: 'reading private keys or credentials, or sending them over the network, exposes secrets',
  },
  {
    name: 'starter: force push',
    target: 'tool_call',
    match: 'command',
    pattern: ['git push -f', 'git push +*'],
    action: 'warn',
    ignore_case: false,
  },
];
