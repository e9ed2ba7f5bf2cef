import { mapWith, type Observation } from '@steward/sdk';
import { z } from 'zod';

const optionalText = z.string().nullish();

/** The fields of an Okta user we read; Okta sends many more. */
export const oktaUserSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  lastUpdated: z.iso.datetime({ offset: true }),
  profile: z.object({
    login: z.string().min(1),
    email: z.string().min(1),
    firstName: optionalText,
    lastName: optionalText,
    department: optionalText,
    title: optionalText,
    employeeNumber: optionalText,
  }),
});
export type OktaUser = z.infer<typeof oktaUserSchema>;

type PersonStatus = 'active' | 'terminated';

/**
 * Okta account states onto Steward's employment statuses. Every state in which the person is (or is
 * about to be) a working member of the org is `active`: STAGED and PROVISIONED (created, not yet
 * signed in), RECOVERY, PASSWORD_EXPIRED and LOCKED_OUT (credential trouble). DEPROVISIONED (deactivated)
 * is `terminated`. SUSPENDED says nothing about employment — it only blocks sign-in, for leave, an
 * investigation or a pending offboarding alike — so a suspended user carries no status and another
 * source (HR) decides; `on_leave` is never inferred. Unknown future states carry no status either.
 */
export const OKTA_STATUS_MAP: Readonly<Record<string, PersonStatus | undefined>> = {
  STAGED: 'active',
  PROVISIONED: 'active',
  ACTIVE: 'active',
  RECOVERY: 'active',
  PASSWORD_EXPIRED: 'active',
  LOCKED_OUT: 'active',
  SUSPENDED: undefined,
  DEPROVISIONED: 'terminated',
};

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function personFromOktaUser(u: OktaUser): Observation {
  const p = u.profile;
  const name = [p.firstName, p.lastName].filter(present).join(' ');
  const status = OKTA_STATUS_MAP[u.status];
  return {
    sourceKey: u.id,
    kind: 'person',
    observedAt: u.lastUpdated,
    identifiers: {
      email: p.email,
      username: p.login,
      ...(present(p.employeeNumber) ? { employeeId: p.employeeNumber } : {}),
    },
    attributes: {
      email: p.email,
      ...(name ? { name } : {}),
      ...(present(p.department) ? { department: p.department } : {}),
      ...(present(p.title) ? { title: p.title } : {}),
      ...(status ? { status } : {}),
    },
  };
}

/** An Okta user → one person observation; a user of the wrong shape → a MapError naming the field. */
export const mapOktaUser = mapWith(oktaUserSchema, (u) => personFromOktaUser(u));
