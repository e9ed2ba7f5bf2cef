import { checkObservedAttributes, nonCanonicalAttributes, observationSchema } from '@steward/domain';
import { isMapError, type MapError, type Observation } from '@steward/sdk';
import { describe, expect, it } from 'vitest';
import { mapGoogleUser } from './users.map.js';

const context = { observedAt: '2026-12-01T08:00:00.000Z' };

/** A user as users.list returns it (shape from the Directory API's users resource reference). */
function googleUser(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'admin#directory#user',
    id: '103920458293847561234',
    etag: '"Qm9zY28K/abc"',
    primaryEmail: 'liz@example.com',
    name: { givenName: 'Elizabeth', familyName: 'Smith', fullName: 'Elizabeth Smith' },
    isAdmin: false,
    isDelegatedAdmin: false,
    lastLoginTime: '2026-11-29T09:12:44.000Z',
    creationTime: '2021-03-01T10:00:00.000Z',
    agreedToTerms: true,
    suspended: false,
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: 'liz@example.com', primary: true }, { address: 'elizabeth@example.com' }],
    aliases: ['elizabeth@example.com'],
    nonEditableAliases: ['liz@example.com.test-google-a.com'],
    externalIds: [
      { value: 'cost-42', type: 'custom', customType: 'costcenter' },
      { value: 'E100077', type: 'organization' },
    ],
    organizations: [
      { name: 'Old Co', title: 'Intern', primary: false, department: 'Sales' },
      {
        title: 'Finance Manager',
        primary: true,
        customType: '',
        department: 'Finance',
        description: 'Employee',
      },
    ],
    customerId: 'C03az79cb',
    orgUnitPath: '/Staff/EMEA',
    isMailboxSetup: true,
    isEnrolledIn2Sv: true,
    isEnforcedIn2Sv: false,
    includeInGlobalAddressList: true,
    ...overrides,
  };
}

function observation(record: unknown): Observation {
  const result = mapGoogleUser(record, context);
  if (isMapError(result) || Array.isArray(result))
    throw new Error(`expected one observation: ${JSON.stringify(result)}`);
  return result as Observation;
}

function failure(record: unknown): MapError {
  const result = mapGoogleUser(record, context);
  if (!isMapError(result)) throw new Error(`expected a MapError, got ${JSON.stringify(result)}`);
  return result;
}

describe('mapGoogleUser', () => {
  it('maps every attribute and identifier, taking the primary organization and the employee id', () => {
    const o = observation(googleUser());
    expect(o).toEqual({
      sourceKey: '103920458293847561234',
      kind: 'person',
      observedAt: '2026-12-01T08:00:00.000Z',
      identifiers: { email: 'liz@example.com', emails: ['elizabeth@example.com'], employeeId: 'E100077' },
      attributes: {
        name: 'Elizabeth Smith',
        email: 'liz@example.com',
        department: 'Finance',
        title: 'Finance Manager',
        status: 'active',
      },
    });
    expect(observationSchema.safeParse(o).success).toBe(true);
  });

  it('dates the observation by the read, never by lastLoginTime or creationTime', () => {
    const o = observation(googleUser({ lastLoginTime: '1970-01-01T00:00:00.000Z' }));
    expect(o.observedAt).toBe(context.observedAt);
    expect(JSON.stringify(o)).not.toContain('1970');
    expect(JSON.stringify(o)).not.toContain('2021-03-01');
  });

  it('does not take the organisational unit for a department', () => {
    const o = observation(googleUser({ organizations: undefined }));
    expect(o.attributes).not.toHaveProperty('department');
    expect(JSON.stringify(o)).not.toContain('/Staff/EMEA');
  });

  it('maps suspension and archiving onto employment status', () => {
    expect(observation(googleUser({ archived: true })).attributes.status).toBe('terminated');
    expect(observation(googleUser({ archived: true, suspended: true })).attributes.status).toBe('terminated');
    const suspended = observation(googleUser({ suspended: true, suspensionReason: 'ADMIN' }));
    expect(suspended.attributes).not.toHaveProperty('status');
    expect(observation(googleUser({ suspended: undefined, archived: undefined })).attributes.status).toBe(
      'active',
    );
  });

  it('leaves out what a sparse user lacks', () => {
    const o = observation({
      id: '1',
      primaryEmail: 'new.hire@example.com',
      name: { givenName: 'New', familyName: 'Hire' },
      suspended: false,
    });
    expect(o.identifiers).toEqual({ email: 'new.hire@example.com' });
    expect(o.attributes).toEqual({ name: 'New Hire', email: 'new.hire@example.com', status: 'active' });
    const nameless = observation({ id: '2', primaryEmail: 'svc@example.com', aliases: [], externalIds: [] });
    expect(nameless.attributes).toEqual({ email: 'svc@example.com', status: 'active' });
    expect(nameless.identifiers).toEqual({ email: 'svc@example.com' });
    const firstOrg = observation(googleUser({ organizations: [{ department: 'Legal', title: '' }] }));
    expect(firstOrg.attributes).toMatchObject({ department: 'Legal' });
    expect(firstOrg.attributes).not.toHaveProperty('title');
  });

  it('returns a MapError naming the field for a malformed user, never throwing', () => {
    expect(failure(googleUser({ primaryEmail: 17 })).field).toBe('primaryEmail');
    expect(failure(googleUser({ id: undefined })).field).toBe('id');
    expect(failure(googleUser({ suspended: 'no' })).field).toBe('suspended');
    expect(failure(googleUser({ organizations: {} })).field).toBe('organizations');
    expect(failure('not a user').message).toMatch(/Unexpected record shape/);
    expect(failure(googleUser({ primaryEmail: 17 })).message).not.toContain('Elizabeth');
  });

  it('produces only canonical person attributes, all of valid types', () => {
    for (const extra of [
      {},
      { suspended: true },
      { archived: true },
      { organizations: undefined, name: undefined },
    ]) {
      const o = observation(googleUser(extra));
      expect(nonCanonicalAttributes(o)).toEqual([]);
      expect(checkObservedAttributes('person', 'person', o.attributes, 'attributes').problems).toEqual([]);
    }
  });
});
