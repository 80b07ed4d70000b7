import { describe, expect, it } from 'vitest';
import { cronInWords } from './cron.ts';

describe('cronInWords', () => {
  it('says our job schedules in words and leaves others as they are', () => {
    expect(cronInWords('*/15 * * * *')).toBe('every 15 minutes');
    expect(cronInWords('* * * * *')).toBe('every minute');
    expect(cronInWords('0 * * * *')).toBe('hourly, on the hour');
    expect(cronInWords('5 * * * *')).toBe('hourly at :05');
    expect(cronInWords('15 3 * * *')).toBe('daily at 03:15 UTC');
    expect(cronInWords('0 7 * * 1')).toBe('Mondays at 07:00 UTC');
    expect(cronInWords('0 0 1 * *')).toBe('0 0 1 * *');
    expect(cronInWords('@hourly')).toBe('@hourly');
  });
});
