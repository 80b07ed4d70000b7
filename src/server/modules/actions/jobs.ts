import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import type { PlatformJob } from '../../platform/module.ts';
import { sendMorningBrief } from './morning-brief.ts';

export const jobs: PlatformJob[] = [
  {
    name: 'morning-brief',
    schedule: '0 7 * * *',
    run: async (mc) => {
      const briefChannelId = mc.config.discord?.briefChannelId ?? null;
      if (!briefChannelId) return { skipped: 'no DISCORD_BRIEF_CHANNEL_ID' };
      return sendMorningBrief(
        { db: mc.database.db, discord: mc.discord, mailer: mc.mailer, briefChannelId },
        { ...SYSTEM_CONTEXT, requestId: 'job:morning-brief' },
        { channel: 'discord' },
      );
    },
  },
];
