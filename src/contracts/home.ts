import { z } from 'zod';

/** The /admin home's live counts, one group per section of the seed's grid. */
export const HomeResponse = z.object({
  people: z.object({
    total: z.number().int(),
    selfPairs: z.number().int(),
    registeredOnly: z.number().int(),
    completedGenesis: z.number().int(),
  }),
  teams: z.object({ total: z.number().int(), groups: z.number().int() }),
  stones: z.object({ total: z.number().int(), activated: z.number().int(), premapped: z.number().int() }),
  campaigns: z.object({ staged: z.number().int(), active: z.number().int(), closed: z.number().int() }),
  orders: z.object({ total: z.number().int(), last30Days: z.number().int() }),
  moderation: z.object({ openFlags: z.number().int(), flaggedPosts: z.number().int() }),
  batches: z.object({ total: z.number().int(), lastAt: z.string().nullable() }),
});
export type HomeResponse = z.infer<typeof HomeResponse>;
