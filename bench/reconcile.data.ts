// A deterministic fleet seen by three sources, as the reconcile benchmark feeds it: an MDM (serial, MACs,
// hardware, OS), an EDR (security; one host in five without a serial, known only by its MACs) and a
// reseller (serial, money). Device i has the same serial and MACs in every source, as real fleets do.

const pad = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function serialOf(i: number): string {
  return `C02${i.toString(36).toUpperCase().padStart(7, '0')}`;
}

/** Two globally administered MACs per device (Wi-Fi and Ethernet), spelt as each source spells them. */
function macsOf(i: number): [string, string] {
  const h = pad(i, 6);
  return [
    `00:1b:63:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`,
    `00:25:00:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`,
  ];
}

const MODELS = ['MacBook Pro 14', 'MacBook Air 13', 'Latitude 7440', 'ThinkPad X1 Carbon', 'EliteBook 840'];
const OS = ['14.5', '14.4', '13.6', '11 23H2', '11 22H2'];

export type SourceName = 'mdm' | 'edr' | 'reseller';
export const SOURCES: { key: SourceName; type: 'mdm' | 'edr' | 'purchasing' }[] = [
  { key: 'mdm', type: 'mdm' },
  { key: 'edr', type: 'edr' },
  { key: 'reseller', type: 'purchasing' },
];

export function observation(source: SourceName, i: number, observedAt: string): Record<string, unknown> {
  const [wifi, eth] = macsOf(i);
  if (source === 'mdm') {
    return {
      source,
      sourceKey: String(100_000 + i),
      kind: 'device',
      observedAt,
      identifiers: { serialNumber: serialOf(i), macAddresses: [wifi, eth] },
      attributes: {
        hostname: `host-${i}`,
        deviceType: 'laptop',
        model: MODELS[i % MODELS.length],
        osVersion: OS[i % OS.length],
        diskEncrypted: i % 7 !== 0,
        mdmEnrolled: true,
      },
    };
  }
  if (source === 'edr') {
    const noSerial = i % 5 === 0;
    return {
      source,
      sourceKey: `cs-${pad(i, 8)}`,
      kind: 'device',
      observedAt,
      identifiers: {
        ...(noSerial ? {} : { serialNumber: serialOf(i) }),
        macAddresses: [wifi.replaceAll(':', '-').toUpperCase(), eth.replaceAll(':', '-').toUpperCase()],
      },
      attributes: { edrPresent: true, edrHealthy: i % 11 !== 0, osVersion: OS[(i + 1) % OS.length] },
    };
  }
  return {
    source,
    sourceKey: `PO-${Math.floor(i / 50)}-${i % 50}`,
    kind: 'device',
    observedAt,
    identifiers: { serialNumber: serialOf(i).toLowerCase() },
    attributes: {
      poNumber: `PO-${Math.floor(i / 50)}`,
      vendor: i % 2 ? 'CDW' : 'SHI',
      purchasePrice: 1000 + (i % 900),
      purchaseDate: '2025-03-01',
    },
  };
}
