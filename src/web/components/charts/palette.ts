/**
 * Series colours for charts: mid-tone hues that keep their contrast on the light and the dark card
 * (checked at 3:1 against white and zinc-900). Axes and grid lines use `currentColor` instead.
 */
export const SERIES_COLORS = ['#6366f1', '#10b981', '#f43f5e', '#f59e0b', '#0ea5e9', '#a855f7'] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

/** A metric's own colour wherever it is drawn (good things green/blue, bad things red/amber). */
const METRIC_COLORS: Record<string, string> = {
  active_users: '#6366f1',
  signups: '#10b981',
  signins_ok: '#0ea5e9',
  signins_failed: '#f43f5e',
  orders: '#6366f1',
  revenue: '#10b981',
  refunds: '#f59e0b',
};

export function metricColor(key: string, fallbackIndex = 0): string {
  return METRIC_COLORS[key] ?? seriesColor(fallbackIndex);
}

/** "14:00" for hours, "Nov 28" for days, in the viewer's time zone. */
export function bucketLabel(iso: string, granularity: 'hour' | 'day', timeZone?: string): string {
  const date = new Date(iso);
  return granularity === 'hour'
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone });
}

/** "UTC+01:00" for the viewer's zone now: stated beside every time axis. */
export function utcOffsetLabel(timeZone: string, at = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((each) => each.type === 'timeZoneName')?.value;
  return !part || part === 'GMT' ? 'UTC' : part.replace('GMT', 'UTC');
}

export const viewerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
