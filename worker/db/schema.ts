// All drizzle tables, one module per domain (drizzle-kit reads this file).
export * from '../accounts/schema';
export * from '../users/schema';
export * from '../auth/schema';
export * from '../security/schema';
export * from '../tokens/schema';
export * from '../logs/schema';
export * from '../notify/schema';
export * from '../stock/schema';
export * from '../orders/schema';
export * from '../orders/rules-schema';
export * from '../orders/carriers/schema';
export * from '../returns/schema';
export * from '../shop/schema';
export * from '../channels/schema';
