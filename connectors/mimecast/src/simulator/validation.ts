// Per-item validation as Mimecast does it: each bad field of an item is one error of its fail entry.
import { CODES, failError, type SimFailError } from './envelope.js';

const EMAIL = /^[^\s@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export const isEmail = (v: string): boolean => v.length <= 254 && EMAIL.test(v);
export const isDomain = (v: string): boolean => DOMAIN.test(v);

export type Item = Record<string, unknown>;

export const asItem = (v: unknown): Item =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Item) : {};

/** Collects the errors of one item; `string` answers the value when it is a non-empty string. */
export class ItemCheck {
  readonly errors: SimFailError[] = [];

  constructor(private readonly item: Item) {}

  string(field: string, required: boolean): string | undefined {
    const v = this.item[field];
    if (v === undefined || v === null || v === '') {
      if (required) this.errors.push(failError(field, CODES.missing, `${field} is required.`));
      return undefined;
    }
    if (typeof v !== 'string') {
      this.errors.push(failError(field, CODES.invalidValue, `${field} must be a string.`));
      return undefined;
    }
    return v;
  }

  email(field: string, required: boolean): string | undefined {
    const v = this.string(field, required);
    if (v !== undefined && !isEmail(v)) {
      this.errors.push(failError(field, CODES.invalidEmail, `${v} is not a valid email address.`));
      return undefined;
    }
    return v;
  }

  /** Managed senders take an address or a whole domain; Mimecast words a bad one as an e-mail error. */
  emailOrDomain(field: string, required: boolean): string | undefined {
    const v = this.string(field, required);
    if (v !== undefined && !isEmail(v) && !isDomain(v)) {
      this.errors.push(failError(field, CODES.invalidEmail, `${v} is not a valid email address or domain.`));
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = this.string(field, fallback === undefined);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.errors.push(
        failError(field, CODES.invalidValue, `${field} must be one of ${allowed.join(', ')}.`),
      );
      return undefined;
    }
    return v as T;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}
