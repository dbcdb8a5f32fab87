import { describe, expect, it } from 'vitest';
import { LOGIN_ATTEMPTS_PER_IP } from '../../worker/auth/login';
import { Client, errorOf, sleep } from '../helpers/client';
import { createTenant, postLogin } from '../helpers/tenant';

/** The throttle counts in fixed 10-minute windows: stay clear of a window's end. */
const awaitWindowMargin = async () => {
  const into = (Date.now() / 1000) % 600;
  if (into > 590) await sleep((600 - into) * 1000 + 200);
};

describe('per-IP sign-in throttle', () => {
  it('the 31st sign-in attempt from one address in 10 minutes gets 429 with Retry-After', async () => {
    expect(LOGIN_ATTEMPTS_PER_IP).toBe(30);
    const t = await createTenant();
    await awaitWindowMargin();
    // requests that really interleave inside the Worker (see Client's `concurrent`)
    const client = new Client({ concurrent: true });
    // spread over accounts and login IDs that do not exist: the count is per address
    const first = await Promise.all(
      Array.from({ length: 30 }, (_, i) => postLogin(client, i % 2 ? t.code : `nope-${i}`, `someone-${i}`, 'Wrong-Passw0rd-x')),
    );
    expect(first.map((r) => r.status)).toEqual(Array(30).fill(401));

    const limited = await postLogin(client, t.code, 'admin', t.admin.password);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect((await errorOf(limited)).code).toBe('rate_limited');
    expect(limited.headers.get('set-cookie')).toBeNull();

    // another address is not affected
    expect((await postLogin(new Client(), t.code, 'admin', t.admin.password)).status).toBe(200);
  });
});
