import { describe, expect, it } from 'vitest';
import { PASSWORD, email, useApi } from '../support.js';
import { wire } from '../wire.js';

const fx = useApi('security_rate', { listen: true, config: { authRateLimit: { max: 3, windowMs: 60_000 } } });

describe('rate limits over HTTP', { timeout: 90_000 }, () => {
  it('limits login and register attempts per client, with a 429 that says when to retry', async () => {
    const { url } = fx();
    const who = email('rate');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await wire(url, 'POST', '/auth/login', { body: { email: who, password: `guess number ${i}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await wire(url, 'POST', '/auth/login', { body: { email: who, password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^too many attempts; try again in \d+ s$/) });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    const reg: number[] = [];
    for (let i = 0; i < 4; i++) reg.push((await wire(url, 'POST', '/auth/register', { body: { email: email('r'), password: PASSWORD } })).status);
    expect(reg).toEqual([201, 201, 201, 429]);
    // other routes are not limited by it
    expect((await wire(url, 'GET', '/health')).status).toBe(200);
  });
});
