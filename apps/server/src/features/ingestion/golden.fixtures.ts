/**
 * The golden scenario: what Jamf (MDM), CrowdStrike (EDR) and Okta (directory) report about one small
 * office, with every hard case identification and reconciliation must get right. Times are relative to
 * `now` so staleness means the same whenever the test runs.
 */
const DAY = 86_400_000;

export function goldenBatches(now: number) {
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const fresh = at(3_600_000);
  const stale = at(60 * DAY); // past the MDM's 30 days

  const jamf = [
    // A MacBook with a USB dock: the dock's MAC (3c:18:a0:…) is shared with the next laptop.
    {
      source: 'jamf',
      sourceKey: '101',
      kind: 'device',
      observedAt: fresh,
      identifiers: { serialNumber: ' c02abc001 ', macAddresses: ['a4:83:e7:00:00:01', '3c:18:a0:55:66:77'] },
      attributes: {
        name: 'Ada’s MacBook Pro',
        hostname: 'ada-mbp',
        deviceType: 'laptop',
        manufacturer: 'Apple',
        model: 'MacBook Pro 14',
        osName: 'macOS',
        osVersion: '14.5',
        diskEncrypted: true,
        mdmEnrolled: true,
      },
    },
    {
      source: 'jamf',
      sourceKey: '102',
      kind: 'device',
      observedAt: fresh,
      identifiers: { serialNumber: 'C02ABC002', macAddresses: ['A4:83:E7:00:00:02', '3C:18:A0:55:66:77'] },
      attributes: {
        hostname: 'bob-mbp',
        deviceType: 'laptop',
        model: 'MacBook Air',
        osName: 'macOS',
        osVersion: '14.4',
      },
    },
    // Not seen for 60 days: its OS version is stale and yields to CrowdStrike's.
    {
      source: 'jamf',
      sourceKey: '103',
      kind: 'device',
      observedAt: stale,
      identifiers: { serialNumber: 'C02ABC003', macAddresses: ['a4-83-e7-00-00-03'] },
      attributes: {
        hostname: 'cy-mbp',
        deviceType: 'laptop',
        model: 'MacBook Pro 16',
        osName: 'macOS',
        osVersion: '13.6',
      },
    },
    // A re-enrolled iPad: two Jamf records, one serial; the newer record speaks for it.
    {
      source: 'jamf',
      sourceKey: 'm-7',
      kind: 'device',
      observedAt: at(20 * DAY),
      identifiers: { serialNumber: 'DMPXYZ0001', udid: '00008020-000A1B2C3D4E5F60' },
      attributes: { deviceType: 'tablet', model: 'iPad Air', osName: 'iPadOS', osVersion: '16.7' },
    },
    {
      source: 'jamf',
      sourceKey: 'm-19',
      kind: 'device',
      observedAt: fresh,
      identifiers: { serialNumber: 'DMPXYZ0001' },
      attributes: { deviceType: 'tablet', model: 'iPad Air', osName: 'iPadOS', osVersion: '17.5' },
    },
  ];

  const crowdstrike = [
    // No serial at all, MACs in dash format: joins Ada's MacBook by its own MAC.
    {
      source: 'falcon',
      sourceKey: 'cs-aaa',
      kind: 'device',
      observedAt: fresh,
      identifiers: { macAddresses: ['A4-83-E7-00-00-01'], hostname: 'ada-mbp' },
      attributes: { edrPresent: true, edrHealthy: true, osVersion: '14.5' },
    },
    // A placeholder serial and the shared dock MAC: neither identifies; its own MAC (Cisco dotted) does.
    {
      source: 'falcon',
      sourceKey: 'cs-bbb',
      kind: 'device',
      observedAt: fresh,
      identifiers: {
        serialNumber: 'To be filled by O.E.M.',
        macAddresses: ['3c18.a055.6677', 'a483.e700.0002'],
      },
      attributes: { edrPresent: true, edrHealthy: false, serialNumber: 'To be filled by O.E.M.' },
    },
    // Fresh where Jamf is stale: its OS version wins, Jamf's is kept as a stale conflicting value.
    {
      source: 'falcon',
      sourceKey: 'cs-ccc',
      kind: 'device',
      observedAt: fresh,
      identifiers: { serialNumber: 'c02abc003' },
      attributes: { edrPresent: true, edrHealthy: true, osVersion: '14.6' },
    },
    // Two Windows desktops with the same junk serial and no MACs in common: two devices, never merged.
    {
      source: 'falcon',
      sourceKey: 'cs-ddd',
      kind: 'device',
      observedAt: fresh,
      identifiers: { serialNumber: 'Default string', macAddresses: ['00:1a:2b:00:00:0d'] },
      attributes: { hostname: 'WS-0001', osName: 'Windows', osVersion: '11 23H2', edrPresent: true },
    },
    {
      source: 'falcon',
      sourceKey: 'cs-eee',
      kind: 'device',
      observedAt: fresh,
      identifiers: { serialNumber: 'Default string', macAddresses: ['00:1a:2b:00:00:0e'] },
      attributes: { hostname: 'WS-0002', osName: 'Windows', osVersion: '11 23H2', edrPresent: true },
    },
    // A randomised (locally administered) MAC plus the MACs of two different laptops: ambiguous → review.
    {
      source: 'falcon',
      sourceKey: 'cs-fff',
      kind: 'device',
      observedAt: fresh,
      identifiers: { macAddresses: ['da:a1:19:00:00:01', 'a4:83:e7:00:00:01', 'a4:83:e7:00:00:02'] },
      attributes: { hostname: 'mystery', edrPresent: true },
    },
  ];

  const okta = [
    {
      source: 'okta',
      sourceKey: '00u1',
      kind: 'person',
      observedAt: at(10 * DAY),
      identifiers: { email: 'Jane.Smith@Acme.example.com', employeeId: 'E100' },
      attributes: { name: 'Jane Smith', department: 'Finance', status: 'active' },
    },
    {
      source: 'okta',
      sourceKey: '00u2',
      kind: 'person',
      observedAt: fresh,
      identifiers: { email: 'raj@acme.example.com' },
      attributes: { name: 'Raj Patel', department: 'Engineering' },
    },
  ];

  // Later: Jane marries and the directory renames her (same Okta user, new name and e-mail).
  const oktaRename = [
    {
      source: 'okta',
      sourceKey: '00u1',
      kind: 'person',
      observedAt: fresh,
      identifiers: { email: 'jane.doe@acme.example.com', employeeId: 'E100' },
      attributes: { name: 'Jane Doe', department: 'Finance', status: 'active' },
    },
  ];

  return { jamf, crowdstrike, okta, oktaRename };
}

/** The twins the scenario must produce, by serial (or hostname where a device has no usable serial). */
export const EXPECTED_DEVICES = [
  {
    key: 'C02ABC001',
    serialNumber: 'C02ABC001',
    hostname: 'ada-mbp',
    name: 'Ada’s MacBook Pro',
    osVersion: '14.5',
    edrHealthy: true,
    diskEncrypted: true,
    sources: ['falcon:cs-aaa', 'jamf:101'],
  },
  {
    key: 'C02ABC002',
    serialNumber: 'C02ABC002',
    hostname: 'bob-mbp',
    name: 'bob-mbp',
    osVersion: '14.4',
    edrHealthy: false,
    diskEncrypted: null,
    sources: ['falcon:cs-bbb', 'jamf:102'],
  },
  {
    key: 'C02ABC003',
    serialNumber: 'C02ABC003',
    hostname: 'cy-mbp',
    name: 'cy-mbp',
    osVersion: '14.6',
    edrHealthy: true,
    diskEncrypted: null,
    sources: ['falcon:cs-ccc', 'jamf:103'],
  },
  {
    key: 'DMPXYZ0001',
    serialNumber: 'DMPXYZ0001',
    hostname: null,
    name: 'DMPXYZ0001',
    osVersion: '17.5',
    edrHealthy: null,
    diskEncrypted: null,
    sources: ['jamf:m-19', 'jamf:m-7'],
  },
  {
    key: 'WS-0001',
    serialNumber: null,
    hostname: 'WS-0001',
    name: 'WS-0001',
    osVersion: '11 23H2',
    edrHealthy: null,
    diskEncrypted: null,
    sources: ['falcon:cs-ddd'],
  },
  {
    key: 'WS-0002',
    serialNumber: null,
    hostname: 'WS-0002',
    name: 'WS-0002',
    osVersion: '11 23H2',
    edrHealthy: null,
    diskEncrypted: null,
    sources: ['falcon:cs-eee'],
  },
];
