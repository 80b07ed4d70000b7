import { isIP } from './ip.ts';

/** IPv4 keeps three octets (`a.b.c.xxx`); IPv6 keeps its first four groups. */
export function maskIp(ip: string | null | undefined, canViewFull = false): string | null {
  if (!ip) return ip ?? null;
  if (canViewFull) return ip;
  const version = isIP(ip);
  if (version === 4) return `${ip.slice(0, ip.lastIndexOf('.'))}.xxx`;
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped?.[1]) return `::ffff:${maskIp(mapped[1])}`;
    const groups = expandIpv6(ip).slice(0, 4);
    return `${groups.join(':')}:xxxx:xxxx:xxxx:xxxx`;
  }
  return ip;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array(Math.max(0, missing)).fill('0'), ...right];
}

// Addresses inside free text, wherever they sit: next to letters, digits or `_` (`ip198.51.100.24`,
// `198.51.100.25_x`), so no `\b`. An IPv6 candidate takes its embedded IPv4 tail with it
// (`::ffff:198.51.100.26`), else the tail would be left for the IPv4 pass half-consumed.
const IPV6_IN_TEXT =
  /(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}(?!\d)|[0-9a-f]{0,4})(?:%[0-9a-z]+)?/gi;
const IPV4_IN_TEXT = /(?<!\d)(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}(?!\d)/g;

/**
 * THE masking function for free text (notes, titles, payloads, exports, the stream): masks every
 * IPv4 and IPv6 address inside it, as maskIp does for a lone address.
 */
export function maskIpsInText(text: string): string {
  if (isIP(text)) return maskIp(text) ?? text;
  return text
    .replace(IPV6_IN_TEXT, (candidate) => {
      if (isIP(candidate) === 6) return maskIp(candidate) ?? candidate;
      // A run of colons around something else (a time, `a::b`): leave it, but mask an IPv4 inside.
      return candidate;
    })
    .replace(IPV4_IN_TEXT, '$1.xxx');
}

/** Masks every IP found anywhere in a JSON value: in strings, inside text, and in object keys. */
export function maskIpsDeep<T>(value: T): T {
  if (typeof value === 'string') return maskIpsInText(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskIpsDeep(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [maskIpsInText(key), maskIpsDeep(item)]),
    ) as T;
  }
  return value;
}

const EMAIL_IN_TEXT = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

/**
 * Free text people wrote (post bodies, flag notes) as a viewer without view_pii sees it: IPs masked
 * as everywhere, and email addresses kept to their first letter and domain (`j***@example.com`).
 */
export function maskPiiInText(text: string, canViewFull = false): string {
  if (canViewFull) return text;
  return maskIpsInText(text).replace(EMAIL_IN_TEXT, '$1***@$2');
}
