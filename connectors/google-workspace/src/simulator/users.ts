import type { SimFleet, SimPerson } from '@steward/sdk/simulator';

/** One Directory user: the fleet person plus what Google keeps; rendered to JSON only when asked for. */
export interface GoogleUserState {
  id: string;
  person: SimPerson;
  suspended: boolean;
  archived: boolean;
  isAdmin: boolean;
  aliases: string[];
  orgUnitPath: string;
  /** Whether HR data (organizations, externalIds) was ever filled in. */
  hasOrgData: boolean;
}

/** A 21-digit numeric id like Google's; stable per person, unique by its last eight digits. */
export function googleUserId(index: number): string {
  const mixed = String((Math.imul(index, 2654435761) >>> 0) % 1_000_000_000_000).padStart(12, '0');
  return `1${mixed}${String(index).padStart(8, '0')}`;
}

const REGIONS = ['AMER', 'EMEA', 'APAC'];

export function buildUsers(fleet: SimFleet): GoogleUserState[] {
  const users = fleet.people.map((person) => {
    const i = person.index;
    const alias = `${person.firstName[0]}${person.lastName}${i}@example.com`.toLowerCase();
    return {
      id: googleUserId(i),
      person,
      // Leavers are archived (data kept); a few current staff are suspended.
      archived: !person.active,
      suspended: person.active && i % 31 === 0,
      isAdmin: false,
      aliases: i % 10 === 0 ? [alias] : [],
      orgUnitPath: person.active ? `/Staff/${REGIONS[i % REGIONS.length]}` : '/Former staff',
      hasOrgData: i % 17 !== 0,
    };
  });
  const admin = users.find((u) => !u.archived && !u.suspended);
  if (admin) admin.isAdmin = true;
  return users;
}

export const NEVER = '1970-01-01T00:00:00.000Z';

/** The user as the Directory API answers it; a malformed user has a number for its primaryEmail. */
export function renderUser(
  u: GoogleUserState,
  customerId: string,
  malformed: boolean,
): Record<string, unknown> {
  const p = u.person;
  return {
    kind: 'admin#directory#user',
    id: u.id,
    etag: `"sim-${u.id}-${u.suspended ? 's' : 'a'}"`,
    primaryEmail: malformed ? p.index : p.email,
    name: { givenName: p.firstName, familyName: p.lastName, fullName: `${p.firstName} ${p.lastName}` },
    isAdmin: u.isAdmin,
    isDelegatedAdmin: false,
    // Google's answer for a user who never signed in.
    lastLoginTime: p.lastLoginAt ?? NEVER,
    creationTime: p.createdAt,
    agreedToTerms: true,
    suspended: u.suspended,
    ...(u.suspended ? { suspensionReason: 'ADMIN' } : {}),
    archived: u.archived,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: p.email, primary: true }, ...u.aliases.map((address) => ({ address }))],
    ...(u.aliases.length ? { aliases: u.aliases, nonEditableAliases: [] } : {}),
    ...(u.hasOrgData
      ? {
          externalIds: [{ value: p.employeeId, type: 'organization' }],
          organizations: [
            {
              title: p.title,
              primary: true,
              customType: '',
              department: p.department,
              description: 'Employee',
            },
          ],
        }
      : {}),
    customerId,
    orgUnitPath: u.orgUnitPath,
    isMailboxSetup: true,
    isEnrolledIn2Sv: p.index % 5 !== 0,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
  };
}
