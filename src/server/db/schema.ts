// Every table Drizzle knows, gathered from the folders that own them.
export * from '../platform/audit/schema.ts';
export * from '../platform/auth/schema.ts';
export * from '../platform/schema.ts';
