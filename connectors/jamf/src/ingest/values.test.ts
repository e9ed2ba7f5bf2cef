import { describe, expect, it } from 'vitest';
import { jamfDate, jamfTimestamp, macAddresses, purchasePrice } from './values.js';

describe('purchasePrice', () => {
  it('reads the number out of the free text Jamf keeps, and nothing from text that holds none', () => {
    expect(purchasePrice('$1,299.00')).toBe(1299);
    expect(purchasePrice('2399')).toBe(2399);
    expect(purchasePrice('1.299,50 €')).toBe(1299.5);
    expect(purchasePrice('12,5')).toBe(12.5);
    expect(purchasePrice(799)).toBe(799);
    expect(purchasePrice('TBD')).toBeUndefined();
    expect(purchasePrice('1-2')).toBeUndefined();
    expect(purchasePrice('')).toBeUndefined();
    expect(purchasePrice(null)).toBeUndefined();
  });
});

describe('Jamf timestamps and dates', () => {
  it('reads zoned and zone-less timestamps as UTC, and blanks as unknown', () => {
    expect(jamfTimestamp.parse('2025-02-28T09:15:00.123Z')).toBe('2025-02-28T09:15:00.123Z');
    expect(jamfTimestamp.parse('2025-02-28T10:15:00+01:00')).toBe('2025-02-28T09:15:00.000Z');
    expect(jamfTimestamp.parse('2025-02-28T09:15:00')).toBe('2025-02-28T09:15:00.000Z');
    expect(jamfTimestamp.parse('')).toBeUndefined();
    expect(jamfTimestamp.parse(null)).toBeUndefined();
    expect(jamfTimestamp.safeParse('last week').success).toBe(false);
  });

  it('keeps the day of a purchasing date and refuses other spellings', () => {
    expect(jamfDate.parse('2024-01-10')).toBe('2024-01-10');
    expect(jamfDate.parse('2024-01-10T00:00:00Z')).toBe('2024-01-10');
    expect(jamfDate.parse(' ')).toBeUndefined();
    expect(jamfDate.safeParse('10/01/2024').success).toBe(false);
  });

  it('keeps each MAC once, whatever its case', () => {
    expect(macAddresses('AA:BB:CC:00:11:22', null, 'aa:bb:cc:00:11:22', ' ', 'F4:8E:38:00:00:01')).toEqual([
      'AA:BB:CC:00:11:22',
      'F4:8E:38:00:00:01',
    ]);
  });
});
