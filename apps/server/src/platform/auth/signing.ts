import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/index.js';
import { iso, systemClock } from '../db/index.js';
import { safeEqual } from './secrets.js';

/**
 * Signed links: `<id>.<hmac(id)>`, verifiable and re-derivable (for reminders) without storing each link.
 * The key is created on first use and kept in the database.
 * TODO(vault): wrap this key with the master key once the credential vault exists.
 */
export class LinkSigner {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly purpose: string,
  ) {}

  private async loadKey(): Promise<Buffer> {
    const fresh = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('signing_keys')
      .values({ name: this.purpose, secret: fresh, created_at: iso(systemClock.now()) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('signing_keys')
      .select('secret')
      .where('name', '=', this.purpose)
      .executeTakeFirstOrThrow();
    return Buffer.from(row.secret, 'base64url');
  }

  private async mac(id: string): Promise<string> {
    this.key ??= this.loadKey();
    return createHmac('sha256', await this.key)
      .update(`${this.purpose}:${id}`)
      .digest('base64url');
  }

  async sign(id: string): Promise<string> {
    return `${id}.${await this.mac(id)}`;
  }

  /** The id a token stands for, or undefined when it was not signed by us. */
  async verify(token: string): Promise<string | undefined> {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = token.slice(0, dot);
    return safeEqual(token.slice(dot + 1), await this.mac(id)) ? id : undefined;
  }
}
