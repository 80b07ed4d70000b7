import { z } from 'zod';

/**
 * A list's total, asked for separately from its pages (`GET <list>/count` with the same filters):
 * exact up to a limit, beyond it the planner's estimate, marked as such.
 */
export const ListTotal = z.object({ value: z.number().int(), estimated: z.boolean() });
export type ListTotal = z.infer<typeof ListTotal>;

export const ListCountResponse = z.object({ total: ListTotal });
export type ListCountResponse = z.infer<typeof ListCountResponse>;

/** The query keys a `/count` request does not take: they place a page, not the filter. */
export const PAGE_KEYS = { sort: true, pageSize: true, cursor: true } as const;

/** The query keys a list's `/export` does not take: it follows every page itself, in the list's sort. */
export const EXPORT_OMIT = { pageSize: true, cursor: true } as const;

/**
 * The 200 of a list's export route (platform/export.ts): a file streamed as CSV, or JSON Lines where
 * the list offers it, one row a line.
 */
export const ExportFile = {
  description: 'The file, streamed: CSV, or JSON Lines where the list offers `format=jsonl`',
  content: {
    'text/csv': { schema: z.string() },
    'application/x-ndjson': { schema: z.string() },
  },
};
