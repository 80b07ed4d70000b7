import { z } from 'zod';
import { AuditEvent } from './audit.ts';
import { EXPORT_OMIT } from './lists.ts';
import { plainText } from './text.ts';

export const STONE_KINDS = ['stone', 'pebble'] as const;
export const STONE_STATUSES = ['unactivated', 'activated'] as const;
/** The characters of a stone code (no 0/1/I/O); codes are four groups of four, dash-separated. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Generate QR makes at most this many stones at once. */
export const MAX_BATCH = 1000;

const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

export const StonesQuery = z.strictObject({
  kind: z.enum(STONE_KINDS).optional(),
  status: z.enum(STONE_STATUSES).optional(),
  premapped: booleanText.optional(),
  batch: z.guid('must be a batch id').optional(),
  /** The start of a code (dashes optional, any case). */
  code: plainText()
    .pipe(
      z
        .string()
        .trim()
        .toUpperCase()
        .max(19)
        .regex(/^[0-9A-Z-]*$/, 'letters, digits and dashes only'),
    )
    .optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export type StonesQuery = z.infer<typeof StonesQuery>;
/** `GET …/export`: the Stones list's filters (and sort), every page. */
export const StonesExportQuery = StonesQuery.omit(EXPORT_OMIT);
export type StonesExportQuery = z.infer<typeof StonesExportQuery>;

const Ref = z.object({ id: z.string(), name: z.string() });

export const StoneRow = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(STONE_KINDS),
  status: z.enum(STONE_STATUSES),
  location: Ref.nullable(),
  batchId: z.string().nullable(),
  activatedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type StoneRow = z.infer<typeof StoneRow>;

export const StoneCount = z.object({
  kind: z.enum(STONE_KINDS),
  status: z.enum(STONE_STATUSES),
  n: z.number().int(),
});

export const StonesResponse = z.object({
  rows: z.array(StoneRow),
  nextCursor: z.string().nullable(),
  /** Every stone by kind × status (the whole inventory, not the filter). */
  counts: z.array(StoneCount),
});
export type StonesResponse = z.infer<typeof StonesResponse>;

export const StoneIdParams = z.object({ id: z.guid('must be a stone id') });

export const Stone = StoneRow.extend({
  activatedBy: z.object({ id: z.string(), email: z.string() }).nullable(),
  team: z.object({ id: z.string(), name: z.string(), kind: z.enum(['self_pair', 'group']) }).nullable(),
  genesisTraits: z.record(z.string(), z.unknown()),
  stoneTraits: z.record(z.string(), z.unknown()),
  /** Counts and times of the stone's conversation, never its content. */
  conversation: z
    .object({
      messages: z.number().int(),
      participants: z.number().int(),
      firstMessageAt: z.string().nullable(),
      lastMessageAt: z.string().nullable(),
    })
    .nullable(),
  posts: z.number().int(),
});
export type Stone = z.infer<typeof Stone>;

export const TimelineEntry = z.object({ at: z.string(), label: z.string() });
export const StoneResponse = z.object({
  stone: Stone,
  /** What happened to the stone, oldest first (made, premapped, activated, conversation). */
  timeline: z.array(TimelineEntry),
  /** The audit events about the stone. */
  events: z.array(AuditEvent),
});

/** Premap an unactivated stone to a location, or clear it. */
export const PremapStoneBody = z.object({ locationId: z.guid('must be a location id').nullable() });

export const LocationsResponse = z.object({ locations: z.array(Ref) });

export const Batch = z.object({
  id: z.string(),
  kind: z.enum(STONE_KINDS),
  count: z.number().int(),
  activated: z.number().int(),
  location: Ref.nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Batch = z.infer<typeof Batch>;

export const BatchesQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export const BatchesResponse = z.object({ rows: z.array(Batch), nextCursor: z.string().nullable() });

export const GenerateBody = z.object({
  count: z.number().int().min(1, 'at least 1').max(MAX_BATCH, `at most ${MAX_BATCH}`),
  kind: z.enum(STONE_KINDS),
  locationId: z.guid('must be a location id').nullable().optional(),
});
export type GenerateBody = z.infer<typeof GenerateBody>;
export const BatchResponse = z.object({ batch: Batch });

export const BatchIdParams = z.object({ id: z.guid('must be a batch id') });
/** The printable sheet: each stone's code and its QR code as SVG. */
export const SheetResponse = z.object({
  batch: Batch,
  stones: z.array(z.object({ id: z.string(), code: z.string(), svg: z.string() })),
});
export type SheetResponse = z.infer<typeof SheetResponse>;
export type StoneResponse = z.infer<typeof StoneResponse>;

/** `GET /api/admin/stones/batches/:id/sheet.pdf`: the paper size of the printed sheet. */
export const SheetQuery = z.strictObject({ paper: z.enum(['a4', 'letter']).default('a4') });
