// The web keeps its own copy of the domain's plain constants (importing '@steward/domain' would bundle
// zod). This test keeps the copy honest.
import { describe, expect, it } from 'vitest';
import * as domain from '@steward/domain';
import { ASSET_ATTRIBUTES, ATTRIBUTE_GROUPS } from './attributes.js';
import { DISPOSAL_METHODS, LIFECYCLE_STATES, LIFECYCLE_TRANSITIONS } from './lifecycle.js';
import { CUSTOM_FIELD_TYPES, PERSON_STATUSES } from './records.js';

describe('the web copy of the domain constants', () => {
  it('has the same lifecycle states, transitions and disposal methods', () => {
    expect([...LIFECYCLE_STATES]).toEqual([...domain.LIFECYCLE_STATES]);
    expect(LIFECYCLE_TRANSITIONS).toEqual(domain.LIFECYCLE_TRANSITIONS);
    expect([...DISPOSAL_METHODS]).toEqual([...domain.DISPOSAL_METHODS]);
  });

  it('has the same attributes, labels, groups, types, values and managed flags', () => {
    expect([...ATTRIBUTE_GROUPS]).toEqual([...domain.ATTRIBUTE_GROUPS]);
    const shape = (d: {
      key: string;
      label: string;
      group: string;
      type: string;
      values?: readonly string[];
      managed?: boolean;
    }) => ({
      key: d.key,
      label: d.label,
      group: d.group,
      type: d.type,
      values: d.values ? [...d.values] : undefined,
      managed: d.managed ?? false,
    });
    expect(ASSET_ATTRIBUTES.map(shape)).toEqual(domain.ASSET_ATTRIBUTES.map(shape));
  });

  it('has the same custom field types', () => {
    expect([...CUSTOM_FIELD_TYPES]).toEqual([...domain.CUSTOM_FIELD_TYPES]);
  });

  it('knows the person statuses', () => {
    expect([...PERSON_STATUSES]).toEqual(['active', 'on_leave', 'terminated']);
  });
});
