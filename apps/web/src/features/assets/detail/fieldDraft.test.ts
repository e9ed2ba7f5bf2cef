import { describe, expect, it } from 'vitest';
import { fromDraft, toDraft } from './fieldDraft.js';

describe('inline edit values', () => {
  it('turns stored values into editable text and back', () => {
    expect(toDraft(null, 'text')).toBe('');
    expect(toDraft(16, 'number')).toBe('16');
    expect(toDraft(false, 'boolean')).toBe('false');
    expect(fromDraft(' 32 ', 'number')).toEqual({ ok: true, value: 32 });
    expect(fromDraft('abc', 'number')).toEqual({ ok: false, reason: 'Enter a number' });
    expect(fromDraft('true', 'boolean')).toEqual({ ok: true, value: true });
    expect(fromDraft('  ', 'text')).toEqual({ ok: true, value: null });
    expect(fromDraft(' X1 ', 'text')).toEqual({ ok: true, value: 'X1' });
  });

  it('edits a timestamp in local time and stores it in UTC', () => {
    const iso = '2024-05-01T10:30:00.000Z';
    const draft = toDraft(iso, 'datetime');
    expect(draft).toMatch(/^2024-05-0\dT\d\d:30$/);
    expect(fromDraft(draft, 'datetime')).toEqual({ ok: true, value: iso });
  });
});
