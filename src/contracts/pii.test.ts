import { describe, expect, it } from 'vitest';
import { maskIp, maskIpsDeep, maskIpsInText } from './pii.ts';

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

describe('maskIpsInText (issue 13 item 7)', () => {
  it('masks addresses next to letters, digits and _, mapped IPv4 in IPv6, and IPv6 in text', () => {
    expect(maskIpsInText('attack from 198.51.100.23')).toBe('attack from 198.51.100.xxx');
    expect(maskIpsInText('ip198.51.100.24')).toBe('ip198.51.100.xxx');
    expect(maskIpsInText('198.51.100.25_x')).toBe('198.51.100.xxx_x');
    expect(maskIpsInText('seen ::ffff:198.51.100.26 twice')).toBe('seen ::ffff:198.51.100.xxx twice');
    expect(maskIpsInText('x::ffff:198.51.100.26_y')).not.toContain('.26');
    expect(maskIpsInText('ip=2001:db8:1:2:3:4:5:6.')).toBe('ip=2001:db8:1:2:xxxx:xxxx:xxxx:xxxx.');
    expect(maskIpsInText('from 2001:db8::1 at 12:30:45')).toBe(
      'from 2001:db8:0:0:xxxx:xxxx:xxxx:xxxx at 12:30:45',
    );
    expect(maskIpsInText('version 1.2.3 on 10.0.0.1,10.0.0.2')).toBe(
      'version 1.2.3 on 10.0.0.xxx,10.0.0.xxx',
    );
  });
});
