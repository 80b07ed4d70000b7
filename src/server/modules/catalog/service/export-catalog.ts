import type { Category, Product, Submission } from '../../../../contracts/catalog.ts';
import type { ExportColumn } from '../../../platform/export.ts';

/** The Products list's columns, as the list answers them (description left out: it is long prose). */
export const PRODUCT_EXPORT_COLUMNS: ExportColumn<Product>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'sku', value: (row) => row.sku },
  { header: 'title', value: (row) => row.title },
  { header: 'price', value: (row) => row.price },
  { header: 'currency', value: (row) => row.currency },
  { header: 'stock', value: (row) => row.stock },
  { header: 'continueSelling', value: (row) => row.continueSellingWhenOutOfStock },
  { header: 'status', value: (row) => row.status },
  { header: 'categories', value: (row) => row.categories.map((category) => category.name).join('; ') },
  { header: 'searchStale', value: (row) => row.searchStale },
  { header: 'createdAt', value: (row) => row.createdAt },
  { header: 'updatedAt', value: (row) => row.updatedAt },
];

export const CATEGORY_EXPORT_COLUMNS: ExportColumn<Category>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'name', value: (row) => row.name },
  { header: 'slug', value: (row) => row.slug },
  { header: 'products', value: (row) => row.productsCount },
  { header: 'createdAt', value: (row) => row.createdAt },
  { header: 'updatedAt', value: (row) => row.updatedAt },
];

export const SUBMISSION_EXPORT_COLUMNS: ExportColumn<Submission>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'title', value: (row) => row.title },
  { header: 'proposedPrice', value: (row) => row.proposedPrice },
  { header: 'proposedCategory', value: (row) => row.proposedCategory?.name },
  { header: 'status', value: (row) => row.status },
  { header: 'rejectReason', value: (row) => row.rejectReason },
  { header: 'submitter', value: (row) => row.submitter?.email },
  { header: 'reviewer', value: (row) => row.reviewer?.email },
  { header: 'reviewedAt', value: (row) => row.reviewedAt },
  { header: 'product', value: (row) => row.product?.sku },
  { header: 'attachments', value: (row) => row.attachmentsCount },
  { header: 'createdAt', value: (row) => row.createdAt },
];
