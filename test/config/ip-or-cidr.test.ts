import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../main/core/config';
import { isIpOrCidr } from '../../main/core/config/is-ip-or-cidr';
import { createAddressPolicy } from '../../main/core/server/address-policy';

// allowed_ips / trusted_proxies are checked when the config is read: before
// this, a typo passed validation and then threw where the server built its
// address policy, which killed a running `ais serve` on reload.

const VALID = [
  '10.0.0.7',
  '192.168.1.0/24',
  '0.0.0.0/0',
  '::1',
  'fd00::/64',
  '::ffff:192.0.2.1',
  '2001:db8::/128',
];
const INVALID = [
  'localhost',
  '192.168.1.*',
  '10.0.0.0/33',
  'fd00::/129',
  '10.0.0.0/',
  '10.0.0.0/8/8',
  '10.0.0.0/-1',
  '10.0.0.0/ 8',
  'fd00::2::/64',
  '1.2.3',
];

describe('isIpOrCidr', () => {
  it('accepts addresses and CIDRs of both families', () => {
    for (const entry of VALID) expect([entry, isIpOrCidr(entry)]).toEqual([entry, true]);
  });

  it('refuses names, wildcards, bad prefixes and malformed addresses', () => {
    for (const entry of INVALID) expect([entry, isIpOrCidr(entry)]).toEqual([entry, false]);
  });

  it('everything it accepts, the server’s address policy can build (so a valid config never throws there)', () => {
    for (const entry of [...VALID, ...INVALID].filter(isIpOrCidr)) {
      expect(
        () => createAddressPolicy({ listenHost: '0.0.0.0', allowedIps: [entry], trustedProxies: [entry] }),
        entry,
      ).not.toThrow();
    }
  });

  it('refuses an empty or spaced prefix (Number("") is 0: "10.0.0.0/" must not mean everyone)', () => {
    expect(isIpOrCidr('10.0.0.0/')).toBe(false);
    expect(isIpOrCidr('10.0.0.0/ 8')).toBe(false);
  });
});

describe('server.allowed_ips and server.trusted_proxies in a config file', () => {
  it('an entry that is not an IP or CIDR is a config error at its path, so the file is refused', () => {
    const parsed = parseConfigText({
      text: 'server:\n  allowed_ips: [192.168.1.0/24, lan]\n  trusted_proxies: [10.0.0.1/40]\n',
      env: {},
    });
    expect(parsed.config).toBeUndefined();
    const errors = parsed.problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((problem) => problem.path)).toEqual([
      'server.allowed_ips[1]',
      'server.trusted_proxies[0]',
    ]);
    expect(errors[0]!.message).toMatch(/IP address or a CIDR/);
  });

  it('valid entries load unchanged', () => {
    const parsed = parseConfigText({
      text: 'server:\n  allowed_ips: [192.168.1.0/24, fd00::/64]\n  trusted_proxies: [10.0.0.1]\n',
      env: {},
    });
    expect(parsed.config?.server).toMatchObject({
      allowed_ips: ['192.168.1.0/24', 'fd00::/64'],
      trusted_proxies: ['10.0.0.1'],
    });
  });
});
