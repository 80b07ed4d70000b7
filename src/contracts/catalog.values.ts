// The catalog's fixed vocabularies, shared by the contracts, the server and the demo seed.

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const SUBMISSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** The canned reasons a reviewer picks from; `other` needs a note. */
export const REJECT_REASONS = [
  'duplicate',
  'incomplete',
  'prohibited_item',
  'poor_quality',
  'pricing',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  duplicate: 'Duplicate of an existing product',
  incomplete: 'Incomplete information',
  prohibited_item: 'Prohibited item',
  poor_quality: 'Poor quality',
  pricing: 'Pricing not acceptable',
  other: 'Other (explain in a note)',
};

export const PRODUCT_SORTS = [
  'created_at:desc',
  'created_at:asc',
  'updated_at:desc',
  'updated_at:asc',
  'title:asc',
  'title:desc',
  'price:asc',
  'price:desc',
  'stock:asc',
  'stock:desc',
] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const CATEGORY_SORTS = [
  'name:asc',
  'name:desc',
  'products:desc',
  'products:asc',
  'created_at:desc',
  'created_at:asc',
  'updated_at:desc',
  'updated_at:asc',
] as const;
export type CategorySort = (typeof CATEGORY_SORTS)[number];
