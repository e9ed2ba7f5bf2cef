import { describe, expect, it } from 'vitest';
import {
  identifierKeys,
  junkSerialReason,
  normaliseImei,
  normaliseMac,
  normaliseSerial,
  unusableMacReason,
} from './identifiers.js';

describe('identifier normalisation', () => {
  it('trims and upper-cases serials', () => {
    expect(normaliseSerial('  c02xg2jhjg5j \n')).toBe('C02XG2JHJG5J');
    expect(normaliseSerial('ab  12')).toBe('AB 12');
  });

  it('refuses placeholder serials however they are spelt', () => {
    for (const junk of [
      'To be filled by O.E.M.',
      'TO BE FILLED BY OEM',
      'Default string',
      '0',
      'System Serial Number',
      'n/a',
      '000000000',
      'XXXXXXXX',
      '123456789',
    ])
      expect(junkSerialReason(normaliseSerial(junk)), junk).toBeDefined();
    expect(junkSerialReason('C02XG2JHJG5J')).toBeUndefined();
    expect(junkSerialReason('PF3ABCDE', ['pf3-abcde'])).toBe('a known placeholder serial');
  });

  it('reads every MAC spelling as one canonical form', () => {
    const want = 'a4:83:e7:1b:2c:3d';
    for (const raw of [
      'a4-83-e7-1b-2c-3d',
      'A4:83:E7:1B:2C:3D',
      'a483.e71b.2c3d',
      'A483E71B2C3D',
      ' a4:83:e7:1b:2c:3d ',
    ])
      expect(normaliseMac(raw), raw).toBe(want);
    expect(normaliseMac('a4:83:e7:1b:2c')).toBeUndefined();
    expect(normaliseMac('zz:83:e7:1b:2c:3d')).toBeUndefined();
  });

  it('knows which MACs say nothing about the device', () => {
    expect(unusableMacReason('00:00:00:00:00:00')).toBe('all zeros');
    expect(unusableMacReason('01:00:5e:00:00:01')).toMatch(/multicast/);
    expect(unusableMacReason('da:a1:19:00:00:01')).toMatch(/locally administered/); // a randomised Wi-Fi MAC
    expect(unusableMacReason('00:50:56:aa:bb:cc')).toMatch(/VMware/);
    expect(unusableMacReason('ac:de:48:00:11:22')).toMatch(/T2/);
    expect(unusableMacReason('9c:eb:e8:01:02:03')).toMatch(/docking/);
    expect(unusableMacReason('a4:83:e7:1b:2c:3d')).toBeUndefined();
    expect(unusableMacReason('a4:83:e7:1b:2c:3d', ['A4-83-E7'])).toMatch(/ignored prefixes/);
  });

  it('normalises IMEIs to digits', () => {
    expect(normaliseImei('35 209900 176148 1')).toBe('352099001761481');
    expect(normaliseImei('12345')).toBeUndefined();
    expect(normaliseImei('000000000000000')).toBeUndefined();
  });

  it('turns an observation’s identifiers into match keys and says why others were dropped', () => {
    const { keys, rejected } = identifierKeys({
      serialNumber: ' Default string ',
      macAddresses: ['A4-83-E7-1B-2C-3D', 'a483.e71b.2c3d', '00:50:56:01:02:03', 'nonsense'],
      imei: '35 209900 176148 1',
      hostname: 'Mac-01',
      model: 'MacBook Pro',
      email: 'Jane.Doe@Example.COM',
    });
    expect(keys).toEqual([
      { type: 'imei', value: '352099001761481' },
      { type: 'mac', value: 'a4:83:e7:1b:2c:3d' },
      { type: 'email', value: 'jane.doe@example.com' },
    ]);
    expect(rejected.map((r) => [r.type, r.raw])).toEqual([
      ['serial', ' Default string '],
      ['mac', '00:50:56:01:02:03'],
      ['mac', 'nonsense'],
    ]);
    const weak = identifierKeys(
      { hostname: 'Mac-01', model: 'MacBook Pro' },
      { weakKeys: true, macSharedLimit: 2, extraJunkSerials: [], ignoredMacPrefixes: [] },
    );
    expect(weak.keys).toEqual([{ type: 'hostname_model', value: 'mac-01|macbook pro' }]);
  });
});
