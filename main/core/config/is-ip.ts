/*
 * node:net's isIP in plain code: the config schema checks allowed_ips with it,
 * and the renderer validates its forms with the same schema, so it must not
 * import Node. A test holds this to node:net's answers.
 */

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIPv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((part) => IPV4_OCTET.test(part));
}

function isIPv6(address: string): boolean {
  // A zone index (fe80::1%eth0) is allowed, as node allows it.
  const [withoutZone = '', zone, ...more] = address.split('%');
  if (more.length > 0 || zone === '') return false;
  let groups = withoutZone;
  const lastColon = groups.lastIndexOf(':');
  const tail = groups.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    // The dotted tail stands for the last two groups.
    groups = `${groups.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const hex = /^[0-9a-f]{1,4}$/i;
  const parse = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((part) => hex.test(part)) ? parts : undefined;
  };
  const head = parse(halves[0] ?? '');
  if (!head) return false;
  if (halves.length === 1) return head.length === 8;
  const rest = parse(halves[1] ?? '');
  if (!rest) return false;
  return head.length + rest.length < 8;
}

/** 4 for an IPv4 address, 6 for IPv6, 0 otherwise (node:net's contract). */
export function isIP(address: string): 0 | 4 | 6 {
  if (isIPv4(address)) return 4;
  if (isIPv6(address)) return 6;
  return 0;
}
