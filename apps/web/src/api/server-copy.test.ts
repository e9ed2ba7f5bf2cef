// Constants of the purchasing and CSV APIs live in the server's schemas, not in '@steward/domain'; the web
// keeps its own copy (importing either would bundle zod). This test keeps the copy honest.
import { describe, expect, it } from 'vitest';
import * as csvServer from '../../../server/src/features/asset-csv/asset-csv.schemas.js';
import * as purchasingServer from '../../../server/src/features/purchasing/purchasing.schemas.js';
import { IMPORT_MODES, IMPORT_OUTCOMES, MATCH_ON } from './csv.js';
import { normaliseSerial, PO_STATUSES, RECEIVE_STATUSES } from './purchasing.js';

describe('the web copy of the server’s API constants', () => {
  it('has the same purchase order and receiving statuses, and normalises serials the same way', () => {
    expect([...PO_STATUSES]).toEqual([...purchasingServer.PO_STATUSES]);
    expect([...RECEIVE_STATUSES]).toEqual([...purchasingServer.RECEIVE_STATUSES]);
    for (const s of ['  abc123 ', 'C02x-1', 'ünï'])
      expect(normaliseSerial(s)).toBe(purchasingServer.normaliseSerial(s));
  });

  it('has the same import modes, match keys and outcomes', () => {
    expect([...IMPORT_MODES]).toEqual([...csvServer.IMPORT_MODES]);
    expect([...MATCH_ON]).toEqual([...csvServer.MATCH_ON]);
    expect([...IMPORT_OUTCOMES]).toEqual([...csvServer.IMPORT_OUTCOMES]);
  });
});
