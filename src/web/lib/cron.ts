const pad = (value: string) => value.padStart(2, '0');
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * A five-field cron schedule in words ("every 15 minutes", "daily at 03:15 UTC"), for the shapes
 * our jobs use; anything else is returned as it is.
 */
export function cronInWords(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return schedule;
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const number = /^\d+$/;
  const everyDay = day === '*' && month === '*';
  if (!everyDay) return schedule;
  if (minute === '*' && hour === '*' && weekday === '*') return 'every minute';
  const step = /^\*\/(\d+)$/.exec(minute);
  if (step && hour === '*' && weekday === '*') return `every ${step[1]} minutes`;
  if (number.test(minute) && hour === '*' && weekday === '*')
    return minute === '0' ? 'hourly, on the hour' : `hourly at :${pad(minute)}`;
  if (number.test(minute) && number.test(hour)) {
    const at = `${pad(hour)}:${pad(minute)} UTC`;
    if (weekday === '*') return `daily at ${at}`;
    if (number.test(weekday) && DAYS[Number(weekday) % 7]) return `${DAYS[Number(weekday) % 7]}s at ${at}`;
  }
  return schedule;
}
