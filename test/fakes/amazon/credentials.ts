/**
 * The one seller the Amazon fake knows (LWA client + refresh token + merchant id).
 * Tests and the demo channel use these; anything else is refused the way Login
 * with Amazon refuses it. No imports, so Worker tests can import it too.
 */
export const AMAZON_FAKE_CREDENTIALS = {
  sellerId: 'A2KURAFAKESELLER',
  clientId: 'amzn1.application-oa2-client.kurafake',
  clientSecret: 'kura-fake-client-secret',
  refreshToken: 'Atzr|kura-fake-refresh-token',
} as const;

export const AMAZON_FAKE_MARKETPLACE_ID = 'A1VC38T7YXB528';
