import type { Kysely } from 'kysely';
import { errors } from '@steward/domain';
import { iso, type Clock, type DB } from '../../platform/db/index.js';

export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
}

/** Per source IP, a little more room (an office behind one NAT), but still bounded. */
const IP_FACTOR = 4;

/**
 * Failed logins are counted in the database, so the limit holds across server processes and restarts.
 * Keys: the email tried, and the client address.
 */
export class LoginRateLimiter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly limits: LoginLimits,
  ) {}

  private async check(key: string, max: number): Promise<void> {
    const since = iso(new Date(this.clock.now().getTime() - this.limits.windowMs));
    const rows = await this.db
      .selectFrom('login_failures')
      .select('at')
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at')
      .execute();
    if (rows.length >= max) {
      const oldest = Date.parse(rows[0]!.at);
      const retryMs = oldest + this.limits.windowMs - this.clock.now().getTime();
      throw errors.rateLimited(Math.max(1, Math.ceil(retryMs / 1000)));
    }
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    await this.check(`email:${email}`, this.limits.maxFailures);
    await this.check(`ip:${ip}`, this.limits.maxFailures * IP_FACTOR);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const at = iso(now);
    const stale = iso(new Date(now.getTime() - this.limits.windowMs));
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('login_failures')
        .where('key', 'in', [`email:${email}`, `ip:${ip}`])
        .where('at', '<=', stale)
        .execute();
      await trx
        .insertInto('login_failures')
        .values([
          { key: `email:${email}`, at },
          { key: `ip:${ip}`, at },
        ])
        .execute();
    });
  }

  async recordSuccess(email: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', `email:${email}`).execute();
  }
}
