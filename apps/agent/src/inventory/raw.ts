/** What the collector gathers, in systeminformation's own shapes (only the fields the mapping reads), so the
 * mapping can be tested from a recorded fixture. */
export interface RawInventory {
  hostname: string;
  system: { manufacturer: string; model: string; serial: string; uuid: string };
  /** The SMBIOS enclosure type (Notebook, Laptop, Desktop, …); optional in older recordings. */
  chassis?: { type: string };
  os: {
    platform: string;
    distro: string;
    release: string;
    codename?: string;
    kernel: string;
    build: string;
    arch: string;
    serial?: string;
  };
  uuid: { hardware: string; os: string };
  cpu: { manufacturer: string; brand: string; cores?: number };
  mem: { total: number };
  network: Array<{
    iface: string;
    ifaceName?: string;
    ip4: string;
    ip6: string;
    mac: string;
    internal: boolean;
    virtual: boolean;
    type: string;
  }>;
  blockDevices: Array<{
    name: string;
    type: string;
    fsType: string;
    mount: string;
    size: number;
    device?: string;
  }>;
  diskLayout: Array<{ device: string; name: string; size: number; type?: string }>;
  fsSize: Array<{ fs: string; type: string; size: number; mount: string }>;
  software: Array<{ name: string; version?: string; source?: string }>;
  firewallEnabled: boolean | null;
}
