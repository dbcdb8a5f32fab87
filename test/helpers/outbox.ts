import { env } from 'cloudflare:workers';

export interface OutboxRow {
  id: string;
  account_id: string | null;
  channel: 'email' | 'sms';
  to: string;
  subject: string | null;
  body: string;
  status: string;
  sent_at: string;
}

/** Everything sent to one address or phone number, oldest first (the dev outbox table). */
export const outboxTo = async (to: string): Promise<OutboxRow[]> =>
  (await env.DB.prepare('SELECT * FROM outbox WHERE "to" = ? ORDER BY id').bind(to).all<OutboxRow>()).results;

/** The 6-digit code in the newest SMS to a phone number. */
export const latestSmsCode = async (phone: string): Promise<string> => {
  const sms = (await outboxTo(phone)).filter((m) => m.channel === 'sms');
  const last = sms.at(-1);
  if (!last) throw new Error(`no SMS to ${phone}`);
  const m = /(\d{6})/.exec(last.body);
  if (!m) throw new Error(`no code in SMS: ${last.body}`);
  return m[1];
};
