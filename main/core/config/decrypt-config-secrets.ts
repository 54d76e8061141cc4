import type { ConfigPathSegment } from './config-problem';
import { isPlainObject, type EnvReference } from './expand-env-references';
import { SecretDecryptError, encryptedSecretKeyId, isEncryptedSecret, type SecretBox } from './secret-box';

export interface SecretProblem {
  path: ConfigPathSegment[];
  message: string;
}

/**
 * Decrypts every `enc:v1:` value of a parsed config. Each decrypted value is
 * recorded like a `${VAR}` reference (template = the ciphertext), so a save
 * writes the ciphertext back, never the key. A value that cannot be decrypted
 * becomes a problem naming its provider and the fix; its text is dropped, so
 * a wrong key can never reach a provider as garbage.
 */
export function decryptConfigSecrets(input: { value: unknown; secretBox: SecretBox | undefined }): {
  value: unknown;
  refs: EnvReference[];
  problems: SecretProblem[];
} {
  const refs: EnvReference[] = [];
  const problems: SecretProblem[] = [];
  const visit = (node: unknown, path: ConfigPathSegment[]): unknown => {
    if (typeof node === 'string') {
      if (!isEncryptedSecret(node)) return node;
      try {
        if (!input.secretBox) throw new SecretDecryptError('no-key', encryptedSecretKeyId(node), '');
        const plain = input.secretBox.decrypt(node);
        refs.push({ path, template: node, expanded: plain, variables: [] });
        return plain;
      } catch (error) {
        if (!(error instanceof SecretDecryptError)) throw error;
        problems.push({ path, message: describeFailure(path, error) });
        return '';
      }
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (isPlainObject(node)) {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) result[key] = visit(child, [...path, key]);
      return result;
    }
    return node;
  };
  return { value: visit(input.value, []), refs, problems };
}

function describeFailure(path: ConfigPathSegment[], error: SecretDecryptError): string {
  const owner =
    path[0] === 'providers' && path[1] !== undefined
      ? `provider "${String(path[1])}": ${path.slice(2).map(String).join('.')}`
      : path.map(String).join('.');
  const keyNote = error.valueKeyId ? ` (key ${error.valueKeyId})` : '';
  switch (error.reason) {
    case 'no-key':
      return `${owner} is encrypted by the AI Switch app${keyNote} and there is no key here to read it: the app keeps the key in the system keychain. Turn on "Also use from the command line" in the app's settings (it writes secret-key in the AI Switch home), or enter the key again.`;
    case 'other-key':
      return `${owner} cannot be decrypted: ${error.message}. Enter the key again in the app, or copy the secret-key file from the machine that encrypted it.`;
    case 'damaged':
      return `${owner} cannot be decrypted: ${error.message}. Enter the key again.`;
    default: {
      const exhaustive: never = error.reason;
      return exhaustive;
    }
  }
}

/** Where a new secret may be written encrypted: provider keys (custom headers may be plain settings). */
export function isEncryptablePath(path: readonly ConfigPathSegment[]): boolean {
  if (path[0] !== 'providers' || path.length < 3) return false;
  if (path[2] === 'api_key') return path.length === 3;
  return path[2] === 'fallback_keys' && path.length === 4;
}
