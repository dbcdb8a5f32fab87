import type { CancelReason } from './orders/cancel-reasons';
import type { ChannelSync } from './channels/sync-do';
import type { StockLedger } from './stock/ledger-do';

/** The Worker's bindings, as declared in wrangler.toml (and .dev.vars locally). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  STOCK_LEDGER: DurableObjectNamespace<StockLedger>;
  CHANNEL_SYNC: DurableObjectNamespace<ChannelSync>;
  SYNC_QUEUE: Queue<SyncMessage>;
  SYNC_DLQ: Queue<SyncMessage>;
  BACKUPS: R2Bucket;
  IMAGES: R2Bucket;

  /** "production" unless .dev.vars says "development" (local only). */
  ENVIRONMENT: string;
  APP_VERSION: string;

  /** AES-GCM keys for credentials and TOTP secrets: JSON {"<keyId>":"<base64 32 bytes>"}. */
  ENCRYPTION_KEYS: string;
  /** Which key of ENCRYPTION_KEYS new ciphertexts use. */
  ENCRYPTION_KEY_ID: string;

  /** The channel push retry's first wait in ms (default 1000); the test suite shortens it. */
  SYNC_BACKOFF_BASE_MS?: string;
  /** How long a call to a mall may take before it is retried later (default 15000 ms); the test suite shortens it. */
  MALL_TIMEOUT_MS?: string;
  /**
   * Sandbox hosts a channel's endpoint may use in production besides the malls' own
   * (comma-separated host names, exact or "*.suffix"; empty by default). Set by the
   * platform operator, never by a store (channels/endpoint-policy.ts).
   */
  MALL_SANDBOX_HOSTS?: string;

  /** Real providers (optional): without them mail and SMS go to the dev outbox only in development. */
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  MAIL_FROM?: string;
  SMS_API_URL?: string;
  SMS_ACCOUNT_SID?: string;
  SMS_AUTH_TOKEN?: string;
  SMS_FROM?: string;
}

/** Messages on the sync queue. The stock issue fills in the producers. */
export type SyncMessage =
  | { kind: 'stock-changed'; accountId: string; sku: string; version: number }
  | { kind: 'order-pull'; accountId: string; channelId: string }
  | { kind: 'shipment'; accountId: string; channelId: string; orderId: string }
  /** a seller cancel, for malls whose API takes one (channels/cancel-push.ts) */
  | { kind: 'cancel'; accountId: string; channelId: string; orderId: string; reason: CancelReason; note: string | null }
  | { kind: 'channel-resync'; accountId: string; channelId: string }
  /** a cancelled order's reservation, when the StockLedger could not be reached at the time */
  | { kind: 'release'; accountId: string; reference: string; actor: string | null };

export const isDevelopment = (env: Pick<Env, 'ENVIRONMENT'>) => env.ENVIRONMENT === 'development';
