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

const IPV4_IN_TEXT = /\b(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}\b/g;
// Candidate IPv6 runs inside text (checked with isIP before masking).
const IPV6_IN_TEXT = /[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?/gi;

/** Masks the IPs inside a piece of text: whole-string addresses, and IPv4/IPv6 found within it. */
export function maskIpsInText(text: string): string {
  if (isIP(text)) return maskIp(text) ?? text;
  return text
    .replace(IPV6_IN_TEXT, (candidate) =>
      isIP(candidate) === 6 ? (maskIp(candidate) ?? candidate) : candidate,
    )
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
