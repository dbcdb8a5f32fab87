/**
 * Outgoing e-mail and SMS behind one small interface. The real providers are
 * plain HTTP APIs configured by Worker secrets: SendGrid's v3 mail/send for
 * e-mail and Twilio's Messages API for SMS. Without a provider, development
 * delivers to the local outbox (GET /api/v1/dev/outbox) and production refuses
 * loudly rather than pretending to have sent.
 */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  body: string;
}

export interface Sender {
  readonly name: string;
  send(m: OutgoingMessage): Promise<void>;
}

export const sendGridMailer = (cfg: { url?: string; apiKey: string; from: string }): Sender => ({
  name: 'sendgrid',
  async send(m) {
    const res = await fetch(cfg.url ?? 'https://api.sendgrid.com/v3/mail/send', {
      method: 'POST',
      headers: { authorization: `Bearer ${cfg.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        personalizations: [{ to: [{ email: m.to }] }],
        from: { email: cfg.from },
        subject: m.subject ?? 'Kura',
        content: [{ type: 'text/plain', value: m.body }],
      }),
    });
    if (!res.ok) throw new Error(`mail provider answered ${res.status}`);
  },
});

/** Japanese numbers as operators type them (090-1234-5678) in E.164 (+819012345678). */
export const toE164 = (phone: string): string => {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('0')) return `+81${digits.slice(1)}`;
  return `+${digits}`;
};

export const twilioSms = (cfg: { url?: string; accountSid: string; authToken: string; from: string }): Sender => ({
  name: 'twilio',
  async send(m) {
    const base = cfg.url ?? 'https://api.twilio.com';
    const res = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${cfg.accountSid}:${cfg.authToken}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: toE164(m.to), From: cfg.from, Body: m.body }),
    });
    if (!res.ok) throw new Error(`sms provider answered ${res.status}`);
  },
});
