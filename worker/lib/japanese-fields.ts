import { z } from '@hono/zod-openapi';
import { normalisePhone, normalisePostalCode } from './japanese-input';

/**
 * The zod fields for what staff type by hand: any width and any dash is
 * accepted, and the value is stored half-width (japanese-input.ts). The
 * messages are the ones the web translates (components/settings/errors.tsx).
 */
export const PostalCode = z
  .string()
  .max(20)
  .transform(normalisePostalCode)
  .pipe(z.string().regex(/^\d{3}-\d{4}$/, 'A postal code such as 100-0001'))
  .openapi({ type: 'string', example: '100-0001', description: '郵便番号: 〒, full-width digits and any dash are accepted; stored as 100-0001' });

export const PhoneNumber = z
  .string()
  .max(40)
  .transform(normalisePhone)
  .pipe(z.string().regex(/^\+?[0-9][0-9-]{5,19}$/, 'A phone number such as 090-1234-5678'))
  .openapi({ type: 'string', example: '03-1234-5678', description: 'Full-width digits and any dash are accepted; stored half-width' });
