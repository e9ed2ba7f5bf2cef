// The web keeps its own copy of the connectors API's shapes (importing the server or the SDK would bundle
// zod). This test keeps the copy honest against the server's schemas and the SDK's categories.
import { describe, expect, it } from 'vitest';
import { CONNECTOR_CATEGORIES } from '@steward/sdk';
import {
  actionExecutionSchema,
  runSchema,
} from '../../../../server/src/features/connectors/instances.schemas.js';
import { CATEGORY_LABELS } from './categories.js';
import { ACTION_STATUSES, RUN_STATUSES, RUN_TRIGGERS } from './connectors.types.js';

describe('the web copy of the connectors API', () => {
  it('has the server’s run statuses and triggers, and action statuses', () => {
    expect([...RUN_STATUSES]).toEqual(runSchema.shape.status.options);
    expect([...RUN_TRIGGERS]).toEqual(runSchema.shape.trigger.options);
    expect([...ACTION_STATUSES]).toEqual(actionExecutionSchema.shape.status.options);
  });

  it('labels every connector category', () => {
    expect(Object.keys(CATEGORY_LABELS).sort()).toEqual([...CONNECTOR_CATEGORIES].sort());
  });
});
