// A browser-safe isIP (node:net is not available to the web bundle). Returns 4, 6 or 0 like net.isIP.
const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const V6_GROUP = /^[0-9a-f]{1,4}$/i;

export function isIP(text: string): 0 | 4 | 6 {
  if (V4.test(text)) return 4;
  if (!text.includes(':') || text.length > 45) return 0;
  const [address = '', zone] = text.split('%');
  if (zone !== undefined && !zone) return 0;
  let groups = address.split(':');
  const lastGroup = groups[groups.length - 1] ?? '';
  let extra = 0;
  if (lastGroup.includes('.')) {
    if (!V4.test(lastGroup)) return 0;
    groups = groups.slice(0, -1);
    extra = 2;
  }
  const doubleColons = address.split('::').length - 1;
  if (doubleColons > 1) return 0;
  const parts = groups.filter((group, index) => !(group === '' && (doubleColons === 1 || index === 0)));
  if (!parts.every((group) => V6_GROUP.test(group))) return 0;
  const count = parts.length + extra;
  if (doubleColons === 1 ? count > 7 : count !== 8) return 0;
  return 6;
}
