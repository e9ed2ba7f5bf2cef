import { mapWith, type Observation } from '@steward/sdk';
import { z } from 'zod';

const optionalText = z.string().nullish();

/**
 * The fields of a Directory API user we read. creationTime, lastLoginTime and orgUnitPath arrive too but
 * are not mapped: Steward has no canonical attribute for account creation or last sign-in (creation is
 * not a hire date), and an organisational unit is a policy container, not a department.
 */
export const googleUserSchema = z.object({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  name: z
    .object({ givenName: optionalText, familyName: optionalText, fullName: optionalText })
    .partial()
    .optional(),
  suspended: z.boolean().optional(),
  archived: z.boolean().optional(),
  aliases: z.array(z.string().min(1)).optional(),
  organizations: z
    .array(z.object({ primary: z.boolean().optional(), department: optionalText, title: optionalText }))
    .optional(),
  externalIds: z.array(z.object({ type: z.string().optional(), value: z.string() })).optional(),
});
export type GoogleUser = z.infer<typeof googleUserSchema>;

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Google account state onto Steward's employment statuses: an archived user (the licence for departed
 * staff whose data is kept) is `terminated`; a suspended one says nothing about employment — sign-in is
 * blocked for leave, an investigation or an offboarding alike — so it carries no status; everyone else
 * is `active`.
 */
export function statusOf(u: Pick<GoogleUser, 'suspended' | 'archived'>): 'active' | 'terminated' | undefined {
  if (u.archived) return 'terminated';
  return u.suspended ? undefined : 'active';
}

export function personFromGoogleUser(u: GoogleUser, observedAt: string): Observation {
  const name =
    (present(u.name?.fullName) && u.name.fullName) ||
    [u.name?.givenName, u.name?.familyName].filter(present).join(' ');
  const org = u.organizations?.find((o) => o.primary) ?? u.organizations?.[0];
  // The Admin console's "Employee ID" is the external id of type `organization`.
  const employeeId = u.externalIds?.find((e) => e.type === 'organization' && present(e.value))?.value;
  const status = statusOf(u);
  return {
    sourceKey: u.id,
    kind: 'person',
    observedAt,
    identifiers: {
      email: u.primaryEmail,
      ...(u.aliases?.length ? { emails: u.aliases.slice(0, 16) } : {}),
      ...(employeeId ? { employeeId } : {}),
    },
    attributes: {
      email: u.primaryEmail,
      ...(name ? { name } : {}),
      ...(present(org?.department) ? { department: org.department } : {}),
      ...(present(org?.title) ? { title: org.title } : {}),
      ...(status ? { status } : {}),
    },
  };
}

/**
 * A Directory user → one person observation, dated when its page was read: a user record carries no
 * modification time, and lastLoginTime dates the person's activity, not what the record says.
 */
export const mapGoogleUser = mapWith(googleUserSchema, (u, { observedAt }) =>
  personFromGoogleUser(u, observedAt),
);
