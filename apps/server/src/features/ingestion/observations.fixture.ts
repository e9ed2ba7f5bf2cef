/** A laptop as the `mdm1` source of the observation tests reports it. */
export const now = () => new Date().toISOString();

export function laptop(sourceKey: string, serial: string, extra: Record<string, unknown> = {}) {
  return {
    source: 'mdm1',
    sourceKey,
    kind: 'device',
    observedAt: now(),
    identifiers: { serialNumber: serial },
    attributes: { model: 'ThinkPad X1', osVersion: '11', ...extra },
  };
}
