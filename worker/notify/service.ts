import { desc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isDevelopment, type Env } from '../env';
import { newId } from '../lib/ids';
import { outbox } from './schema';
import { sendGridMailer, twilioSms, type OutgoingMessage, type Sender } from './senders';

const providerFor = (env: Env, channel: OutgoingMessage['channel']): Sender | null => {
  if (channel === 'email' && env.MAIL_API_KEY && env.MAIL_FROM) {
    return sendGridMailer({ url: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: env.MAIL_FROM });
  }
  if (channel === 'sms' && env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM) {
    return twilioSms({ url: env.SMS_API_URL, accountSid: env.SMS_ACCOUNT_SID, authToken: env.SMS_AUTH_TOKEN, from: env.SMS_FROM });
  }
  return null;
};

/**
 * Sends one message. In development it always lands in the local outbox
 * (and at the provider too when one is configured); in production the outbox
 * table is not written, so one-time codes are never stored.
 */
export const notify = async (env: Env, db: Db, accountId: string | null, m: OutgoingMessage): Promise<void> => {
  const provider = providerFor(env, m.channel);
  const dev = isDevelopment(env);
  let status = dev ? 'local' : 'sent';
  let error: string | null = null;
  if (provider) {
    try {
      await provider.send(m);
      status = 'sent';
    } catch (e) {
      status = 'failed';
      error = String(e instanceof Error ? e.message : e);
    }
  } else if (!dev) {
    status = 'failed';
    error = `no ${m.channel} provider configured`;
  }
  if (status === 'failed') console.error(JSON.stringify({ level: 'error', msg: 'notification not delivered', channel: m.channel, error }));
  if (dev) {
    await db.insert(outbox).values({
      id: newId(),
      accountId,
      channel: m.channel,
      to: m.to,
      subject: m.subject ?? null,
      body: m.body,
      status,
      error,
      sentAt: new Date().toISOString(),
    });
  }
  if (status === 'failed' && !dev) throw new Error(error ?? 'delivery failed');
};

export const listOutbox = (db: Db, limit = 100) => db.select().from(outbox).orderBy(desc(outbox.sentAt), desc(outbox.id)).limit(limit);
