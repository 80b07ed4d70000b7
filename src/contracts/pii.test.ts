import { describe, expect, it } from 'vitest';
import { maskIp, maskIpsDeep } from './pii.ts';

describe('maskIp', () => {
  it('keeps three IPv4 octets and four IPv6 groups', () => {
    expect(maskIp('203.0.113.45')).toBe('203.0.113.xxx');
    expect(maskIp('2001:db8:85a3:1:2:3:4:5')).toBe('2001:db8:85a3:1:xxxx:xxxx:xxxx:xxxx');
    expect(maskIp('2001:db8::1')).toBe('2001:db8:0:0:xxxx:xxxx:xxxx:xxxx');
    expect(maskIp('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.xxx');
    expect(maskIp('203.0.113.45', true)).toBe('203.0.113.45');
    expect(maskIp(null)).toBeNull();
  });
});

describe('maskIpsDeep', () => {
  it('masks IPs in values, inside text (v4 and v6), and in keys, and leaves times alone', () => {
    expect(
      maskIpsDeep({
        a: 'seen from 2001:db8:1:2:3:4:5:6 and 10.1.2.3',
        '203.0.113.45': [1],
        at: '12:30:45',
        n: 3,
      }),
    ).toEqual({
      a: 'seen from 2001:db8:1:2:xxxx:xxxx:xxxx:xxxx and 10.1.2.xxx',
      '203.0.113.xxx': [1],
      at: '12:30:45',
      n: 3,
    });
  });
});
