import { describe, expect, it } from 'vitest';
import { formatIpv6, parseHostPort } from '../../../electron/core/ports/address.ts';

describe('parseHostPort', () => {
  it.each([
    ['127.0.0.1:3000', '127.0.0.1', 3000, 'IPv4'],
    ['0.0.0.0:80', '0.0.0.0', 80, 'IPv4'],
    ['[::1]:3000', '::1', 3000, 'IPv6'],
    ['[::]:8080', '::', 8080, 'IPv6'],
    ['*:41002', '::', 41002, 'IPv6'],
    ['0.0.0.0%lo:59941', '0.0.0.0', 59941, 'IPv4'],
    ['*%lo:56011', '::', 56011, 'IPv6'],
    ['[fe80::1]%eth0:22', 'fe80::1', 22, 'IPv6'],
    ['[fe80::1%eth0]:22', 'fe80::1', 22, 'IPv6'],
    ['[::FFFF:127.0.0.1]:5003', '::ffff:127.0.0.1', 5003, 'IPv6'],
    [':::22', '::', 22, 'IPv6'],
  ] as const)('%s', (text, address, port, family) => {
    expect(parseHostPort(text)).toEqual({ address, port, family });
  });

  it('maps * to the IPv4 wildcard when asked', () => {
    expect(parseHostPort('*:80', 'IPv4')).toEqual({ address: '0.0.0.0', port: 80, family: 'IPv4' });
  });

  it.each(['127.0.0.1', '127.0.0.1:*', '127.0.0.1:70000', ':80', '[::1:80'])('rejects %s', (text) => {
    expect(parseHostPort(text)).toBeNull();
  });
});

describe('formatIpv6', () => {
  const bytes = (...groups: number[]) => groups.flatMap((g) => [g >> 8, g & 0xff]);
  it.each([
    [bytes(0, 0, 0, 0, 0, 0, 0, 0), '::'],
    [bytes(0, 0, 0, 0, 0, 0, 0, 1), '::1'],
    [bytes(0xfe80, 0, 0, 0, 0, 0, 0, 1), 'fe80::1'],
    [bytes(0x2001, 0xdb8, 0, 1, 0, 0, 0, 1), '2001:db8:0:1::1'],
    [bytes(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), '2001:db8::1:0:0:1'],
    [bytes(1, 0, 1, 0, 1, 0, 1, 0), '1:0:1:0:1:0:1:0'],
    [bytes(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1), '::ffff:127.0.0.1'],
  ])('%j → %s', (input, text) => {
    expect(formatIpv6(input)).toBe(text);
  });
});
