import { BlockList, isIP } from 'node:net';

/*
 * Who may call the proxy. On loopback the OS already keeps strangers out; once
 * the server listens beyond loopback, only loopback and `allowed_ips` get in.
 * X-Forwarded-For is believed only from `trusted_proxies`.
 */

export interface AddressPolicy {
  /** The caller's address: the socket peer, or the forwarded client when the peer is a trusted proxy. */
  clientIp(peer: string | undefined, forwardedFor: string | string[] | undefined): string;
  isAllowed(ip: string): boolean;
  /** True when `allowed_ips` is enforced (the server listens beyond loopback). */
  readonly enforced: boolean;
}

/**
 * `localhost`, `::1` and IP literals in 127.0.0.0/8 (IPv4-mapped too), and
 * nothing else: `127.0.0.1.evil.example` is a DNS name anyone can point anywhere.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  const ipv4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

function buildList(entries: readonly string[], label: string): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`${label}: "${entry}" is not an IP address or CIDR`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefixText === undefined) {
      list.addAddress(address, type);
    } else {
      const prefix = Number(prefixText);
      if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 6 ? 128 : 32)) {
        throw new Error(`${label}: "${entry}" has an invalid prefix length`);
      }
      list.addSubnet(address, prefix, type);
    }
  }
  return list;
}

function matches(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

export function createAddressPolicy(options: {
  listenHost: string;
  allowedIps: readonly string[];
  trustedProxies: readonly string[];
}): AddressPolicy {
  const allowed = buildList(options.allowedIps, 'server.allowed_ips');
  const trusted = buildList(options.trustedProxies, 'server.trusted_proxies');
  const loopback = buildList(['127.0.0.0/8', '::1'], 'loopback');
  const enforced = !isLoopbackHost(options.listenHost);
  return {
    enforced,
    clientIp(peer, forwardedFor) {
      const socketIp = peer ?? '';
      if (forwardedFor === undefined || !matches(trusted, socketIp)) return socketIp;
      // The right-most address not added by a trusted proxy is the real client.
      const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
        .split(',')
        .map((hop) => hop.trim())
        .filter(Boolean);
      for (let index = hops.length - 1; index >= 0; index -= 1) {
        const hop = hops[index] as string;
        if (!matches(trusted, hop)) return hop;
      }
      return hops[0] ?? socketIp;
    },
    isAllowed(ip) {
      if (!enforced) return true;
      return matches(loopback, ip) || matches(allowed, ip);
    },
  };
}
