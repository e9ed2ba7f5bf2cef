import { randomBytes } from 'node:crypto';

/** Bearer tokens a simulator issues, each with its own expiry, and a switch to expire them all. */
export class TokenIssuer {
  private readonly tokens = new Map<string, { expiresAt: number; subject: string }>();
  issued = 0;

  constructor(
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  issue(subject: string, lifetimeSeconds: number): string {
    const token = `${this.prefix}${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, { expiresAt: this.now() + lifetimeSeconds * 1000, subject });
    this.issued++;
    return token;
  }

  /** The subject of a live token, or undefined for an unknown or expired one. */
  verify(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const entry = this.tokens.get(token);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return entry.subject;
  }

  /** Reads `Authorization: <scheme> <token>` (scheme compared case-insensitively). */
  verifyHeader(header: string | undefined, scheme = 'Bearer'): string | undefined {
    if (!header) return undefined;
    const [given, token] = header.split(' ', 2);
    if (given?.toLowerCase() !== scheme.toLowerCase()) return undefined;
    return this.verify(token);
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  expireAll(): void {
    this.tokens.clear();
  }
}
