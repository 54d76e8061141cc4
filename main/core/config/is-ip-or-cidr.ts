import { isIP } from './is-ip';

/**
 * True for an IP address or a CIDR (`192.168.1.0/24`, `fd00::/64`), the forms
 * `allowed_ips` and `trusted_proxies` take. Checked when the config is read,
 * so a typo is a config problem (a refused reload, an `ais check` error)
 * instead of an exception where the server builds its address policy.
 */
export function isIpOrCidr(entry: string): boolean {
  const [address = '', prefixText, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefixText === undefined) return true;
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  return Number(prefixText) <= (family === 6 ? 128 : 32);
}
