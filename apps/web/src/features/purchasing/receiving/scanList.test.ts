import { describe, expect, it } from 'vitest';
import { applyResults, isQueued, splitSerials, tally, type ScanEntry } from './scanList.js';

const entry = (key: number, serial: string, state: ScanEntry['state'] = 'sending'): ScanEntry => ({
  key,
  serial,
  state,
});

describe('a receiving session', () => {
  it('reads serials as the server compares them, several at once when pasted', () => {
    expect(splitSerials('  c02abc  ')).toEqual(['C02ABC']);
    expect(splitSerials('a1, b2;c3\nd4 \t e5')).toEqual(['A1', 'B2', 'C3', 'D4', 'E5']);
    expect(splitSerials(' , ')).toEqual([]);
  });

  it('does not queue a serial twice while it waits, but does once it has an answer', () => {
    expect(isQueued([entry(1, 'A', 'pending')], 'A')).toBe(true);
    expect(isQueued([entry(1, 'A', 'sending')], 'A')).toBe(true);
    expect(isQueued([entry(1, 'A', 'received')], 'A')).toBe(false);
  });

  it('gives each sent serial its result and leaves the others alone', () => {
    const waiting = entry(3, 'C', 'pending');
    const sent = [entry(1, 'A'), entry(2, 'B')];
    const out = applyResults([waiting, ...sent], sent, [
      { serial: 'A', status: 'received', assetId: 'x' },
      { serial: 'B', status: 'unmatched', reason: 'no unit awaits a serial' },
    ]);
    expect(out.map((e) => [e.serial, e.state])).toEqual([
      ['C', 'pending'],
      ['A', 'received'],
      ['B', 'unmatched'],
    ]);
    expect(out[2]!.result?.reason).toBe('no unit awaits a serial');
    expect(tally(out)).toMatchObject({ pending: 1, received: 1, unmatched: 1, failed: 0 });
  });

  it('marks a serial the answer left out as failed', () => {
    const sent = [entry(1, 'A')];
    expect(applyResults(sent, sent, [])[0]!.state).toBe('failed');
  });
});
