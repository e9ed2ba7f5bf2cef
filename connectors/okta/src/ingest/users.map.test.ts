import { checkObservedAttributes, nonCanonicalAttributes, observationSchema } from '@steward/domain';
import { isMapError, type MapError, type Observation } from '@steward/sdk';
import { describe, expect, it } from 'vitest';
import { mapOktaUser, OKTA_STATUS_MAP } from './users.map.js';

const context = { observedAt: '2026-12-01T00:00:00.000Z' };

/** A user as GET /api/v1/users returns it (shape from Okta's Users API reference). */
function oktaUser(overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) {
  return {
    id: '00ub0oNGTSWTBKOLGLNR',
    status: 'ACTIVE',
    created: '2023-06-24T16:39:18.000Z',
    activated: '2023-06-24T16:39:19.000Z',
    statusChanged: '2023-06-24T16:39:19.000Z',
    lastLogin: '2026-11-29T17:39:19.000Z',
    lastUpdated: '2026-07-02T21:36:25.344Z',
    passwordChanged: '2023-07-02T21:36:25.344Z',
    type: { id: 'otyfnjfba4ye7pgjB0g4' },
    profile: {
      firstName: 'Isaac',
      lastName: 'Brock',
      email: 'isaac.brock@example.com',
      login: 'isaac.brock@example.com',
      mobilePhone: '555-415-1337',
      secondEmail: null,
      department: 'Engineering',
      title: 'Staff Engineer',
      employeeNumber: 'E100042',
      ...profile,
    },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: 'https://acme.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR' } },
    ...overrides,
  };
}

function observation(record: unknown): Observation {
  const result = mapOktaUser(record, context);
  if (isMapError(result) || Array.isArray(result))
    throw new Error(`expected one observation: ${JSON.stringify(result)}`);
  return result as Observation;
}

function failure(record: unknown): MapError {
  const result = mapOktaUser(record, context);
  if (!isMapError(result)) throw new Error(`expected a MapError, got ${JSON.stringify(result)}`);
  return result;
}

describe('mapOktaUser', () => {
  it('maps every attribute and identifier of a full user, dated by lastUpdated', () => {
    const o = observation(oktaUser());
    expect(o).toEqual({
      sourceKey: '00ub0oNGTSWTBKOLGLNR',
      kind: 'person',
      observedAt: '2026-07-02T21:36:25.344Z',
      identifiers: {
        email: 'isaac.brock@example.com',
        username: 'isaac.brock@example.com',
        employeeId: 'E100042',
      },
      attributes: {
        name: 'Isaac Brock',
        email: 'isaac.brock@example.com',
        department: 'Engineering',
        title: 'Staff Engineer',
        status: 'active',
      },
    });
    expect(observationSchema.safeParse(o).success).toBe(true);
  });

  it('keeps login and e-mail apart when they differ', () => {
    const o = observation(oktaUser({}, { login: 'ibrock', email: 'Isaac.Brock@Example.com' }));
    expect(o.identifiers).toMatchObject({ username: 'ibrock', email: 'Isaac.Brock@Example.com' });
  });

  it.each([
    ['STAGED', 'active'],
    ['PROVISIONED', 'active'],
    ['ACTIVE', 'active'],
    ['RECOVERY', 'active'],
    ['PASSWORD_EXPIRED', 'active'],
    ['LOCKED_OUT', 'active'],
    ['DEPROVISIONED', 'terminated'],
  ])('maps status %s to %s', (status, expected) => {
    expect(observation(oktaUser({ status })).attributes.status).toBe(expected);
  });

  it('says nothing about employment for a SUSPENDED user or an unknown status', () => {
    for (const status of ['SUSPENDED', 'SOMETHING_NEW']) {
      const o = observation(oktaUser({ status }));
      expect(o.attributes).not.toHaveProperty('status');
      expect(o.attributes.email).toBe('isaac.brock@example.com');
    }
    expect(Object.keys(OKTA_STATUS_MAP)).toHaveLength(8);
  });

  it('leaves out what a sparse profile lacks, null or blank alike', () => {
    const o = observation(
      oktaUser({}, { firstName: null, department: '  ', title: undefined, employeeNumber: null }),
    );
    expect(o.attributes).toEqual({ name: 'Brock', email: 'isaac.brock@example.com', status: 'active' });
    expect(o.identifiers).not.toHaveProperty('employeeId');
    const bare = observation({
      id: '00u1',
      status: 'STAGED',
      lastUpdated: '2026-01-01T00:00:00.000Z',
      profile: { login: 'x@example.com', email: 'x@example.com' },
    });
    expect(bare.attributes).toEqual({ email: 'x@example.com', status: 'active' });
  });

  it('returns a MapError naming the field for a malformed user, never throwing', () => {
    expect(failure(oktaUser({}, { email: 42 })).field).toBe('profile.email');
    expect(failure(oktaUser({}, { login: '' })).field).toBe('profile.login');
    expect(failure(oktaUser({ lastUpdated: 'yesterday' })).field).toBe('lastUpdated');
    expect(failure(oktaUser({ profile: undefined })).field).toBe('profile');
    expect(failure(null).message).toMatch(/Unexpected record shape/);
    // The message names fields, never the personal data in them.
    expect(failure(oktaUser({}, { email: 42 })).message).not.toContain('Brock');
  });

  it('produces only canonical person attributes, all of valid types', () => {
    for (const status of Object.keys(OKTA_STATUS_MAP)) {
      const o = observation(oktaUser({ status }));
      expect(nonCanonicalAttributes(o)).toEqual([]);
      const checked = checkObservedAttributes('person', 'person', o.attributes, 'attributes');
      expect(checked.problems).toEqual([]);
    }
  });
});
