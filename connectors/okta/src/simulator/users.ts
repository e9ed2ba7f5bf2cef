import type { SimFleet, SimPerson } from '@steward/sdk/simulator';

export type OktaStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

/** One Okta user: the fleet person plus the state Okta keeps; rendered to JSON only when asked for. */
export interface OktaUserState {
  id: string;
  person: SimPerson;
  status: OktaStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string;
}

const DAY = 86_400_000;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `00u` + 17 base-62 characters, like Okta's; stable per person, unique by its last three characters. */
export function oktaUserId(index: number): string {
  let x = (index * 2654435761) >>> 0;
  let body = '';
  for (let i = 0; i < 14; i++) {
    x = (Math.imul(x ^ (x >>> 13), 1274126177) + i) >>> 0;
    body += BASE62[x % 62];
  }
  let tail = '';
  for (let n = index, i = 0; i < 3; i++, n = Math.floor(n / 62)) tail = BASE62[n % 62] + tail;
  return `00u${body}${tail}`;
}

/** A spread of every Okta status, deterministic by person: most ACTIVE, leavers DEPROVISIONED. */
function statusOf(p: SimPerson): OktaStatus {
  if (!p.active) return 'DEPROVISIONED';
  const rules: Array<[number, OktaStatus]> = [
    [29, 'SUSPENDED'],
    [41, 'STAGED'],
    [43, 'PROVISIONED'],
    [47, 'LOCKED_OUT'],
    [53, 'PASSWORD_EXPIRED'],
    [59, 'RECOVERY'],
  ];
  return rules.find(([m]) => p.index % m === 0)?.[1] ?? 'ACTIVE';
}

export function buildUsers(fleet: SimFleet): OktaUserState[] {
  const now = Date.parse(fleet.now);
  return fleet.people.map((person) => {
    const status = statusOf(person);
    const created = Date.parse(person.createdAt);
    const activated = status === 'STAGED' || status === 'PROVISIONED' ? null : created + 60_000;
    const changed = Math.min(now, created + ((person.index % 300) + 1) * DAY);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      id: oktaUserId(person.index),
      person,
      status,
      created: iso(created),
      activated: activated === null ? null : iso(activated),
      statusChanged: status === 'STAGED' ? null : iso(changed),
      lastUpdated: iso(changed),
    };
  });
}

/** The user as GET /api/v1/users answers it; a malformed user has a number where its e-mail belongs. */
export function renderUser(u: OktaUserState, origin: string, malformed: boolean): Record<string, unknown> {
  const p = u.person;
  const neverSignedIn = u.status === 'STAGED' || u.status === 'PROVISIONED';
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: neverSignedIn ? null : p.lastLoginAt,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.activated,
    type: { id: 'oty1a2b3c4d5e6f7g8h9' },
    profile: {
      firstName: p.firstName,
      lastName: p.lastName,
      mobilePhone: null,
      secondEmail: null,
      login: p.email,
      email: malformed ? p.index : p.email,
      department: p.department,
      title: p.title,
      employeeNumber: p.employeeId,
    },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${origin}/api/v1/users/${u.id}` } },
  };
}
