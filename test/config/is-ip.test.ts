import { isIP as nodeIsIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIP } from '../../main/core/config/is-ip';

const SAMPLES = [
  '127.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  '192.168.1.0',
  '::1',
  '::',
  'fd00::',
  'fe80::1%eth0',
  'fe80::1%',
  '2001:db8::8a2e:370:7334',
  '2001:0db8:0000:0000:0000:ff00:0042:8329',
  '2001:db8:0:0:0:ff00:42:8329:1',
  '1:2:3:4:5:6:7::',
  '::ffff:192.168.1.1',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  ':::1',
  '1::2::3',
  'g::1',
  '12345::',
  'localhost',
  '',
  ' 127.0.0.1',
];

describe("the renderer's isIP", () => {
  it.each(SAMPLES)('agrees with node:net for %j', (address) => {
    expect(isIP(address)).toBe(nodeIsIP(address));
  });
});
