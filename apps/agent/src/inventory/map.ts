import { junkSerialReason } from '@steward/domain';
import type { Inventory } from '@steward/protocol';
import type { RawInventory } from './raw.js';
import { MAX_SOFTWARE } from './software.js';

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** Empty strings, '-', and placeholders become absent: a blank never says anything. */
function present(value: string | undefined, max = 255): string | undefined {
  const v = value?.trim();
  if (!v || v === '-' || /^unknown$/i.test(v)) return undefined;
  return clip(v, max);
}

function serial(value: string | undefined): string | undefined {
  const v = present(value, 200);
  return v && !junkSerialReason(v) ? v : undefined;
}

const VIRTUAL_NAME =
  /^(lo|docker|veth|br-|virbr|vmnet|vboxnet|tun|tap|wg|utun|awdl|llw|gif|stf|bridge|zt|tailscale)/i;

function mac(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (!v || /^(00[:-]){5}00$/.test(v)) return undefined;
  return clip(v, 64);
}

function platformName(platform: string): string {
  const p = platform.toLowerCase();
  if (p.startsWith('win')) return 'win32';
  if (p === 'macos' || p === 'darwin') return 'darwin';
  return clip(p || process.platform, 32);
}

const SKIPPED_BLOCK_TYPES = new Set(['loop', 'rom']);
const PLAIN_FILESYSTEMS = /^(ext[234]|xfs|btrfs|vfat|fat32|exfat|ntfs|f2fs|jfs|reiserfs)$/i;

/** Linux tells us block-level encryption: a dm-crypt mapping or a LUKS container is encrypted; a partition
 * that carries a plain filesystem directly is not. Everything else (whole disks, other platforms) is unknown. */
function encryption(device: RawInventory['blockDevices'][number]): boolean | null {
  if (device.type === 'crypt' || /crypto_luks|bitlocker/i.test(device.fsType)) return true;
  if (device.type === 'part' && PLAIN_FILESYSTEMS.test(device.fsType)) return false;
  return null;
}

function disks(raw: RawInventory): Inventory['disks'] {
  const mountOf = (device: string | undefined) =>
    device ? raw.fsSize.find((f) => f.fs === device)?.mount : undefined;
  const out: Inventory['disks'] = [];
  for (const d of raw.blockDevices) {
    if (SKIPPED_BLOCK_TYPES.has(d.type) || /^(zram|ram|loop)\d*/.test(d.name) || !(d.size > 0)) continue;
    const mount = present(d.mount, 1024) ?? mountOf(d.device);
    out.push({
      name: clip(d.name, 255),
      ...(mount ? { mount: clip(mount, 1024) } : {}),
      sizeBytes: d.size,
      encrypted: encryption(d),
    });
  }
  if (out.length === 0) {
    for (const d of raw.diskLayout) {
      const mount = mountOf(d.device);
      out.push({
        name: clip(d.device || d.name, 255),
        ...(mount ? { mount } : {}),
        ...(d.size > 0 ? { sizeBytes: d.size } : {}),
        encrypted: null,
      });
    }
  }
  return out.slice(0, 128);
}

export function mapInventory(raw: RawInventory): Inventory {
  const platform = platformName(raw.os.platform);
  const manufacturer = present(raw.system.manufacturer);
  const model = present(raw.system.model);
  const chassis = present(raw.chassis?.type, 64);
  const cpu = present(`${raw.cpu.manufacturer} ${raw.cpu.brand}`);
  const serialNumber = serial(raw.system.serial);
  const hardwareUuid = present(raw.uuid.hardware || raw.system.uuid, 200);
  const build = present(raw.os.build, 64) ?? (platform === 'linux' ? present(raw.os.kernel, 64) : undefined);
  const arch = present(raw.os.arch, 32);
  return {
    hostname: clip(raw.hostname, 255),
    ...(serialNumber ? { serialNumber } : {}),
    ...(hardwareUuid ? { hardwareUuid } : {}),
    ...(manufacturer ? { manufacturer } : {}),
    ...(model ? { model } : {}),
    ...(chassis ? { chassis } : {}),
    ...(cpu ? { cpu } : {}),
    ...(raw.mem.total > 0 ? { memoryBytes: raw.mem.total } : {}),
    os: {
      platform,
      name: present(raw.os.distro) ?? platform,
      version: present(raw.os.release, 64) ?? '',
      ...(build ? { build } : {}),
      ...(arch ? { arch } : {}),
    },
    network: raw.network.slice(0, 128).map((n) => {
      const address = mac(n.mac);
      const isVirtual = n.internal || n.virtual || n.type === 'virtual' || VIRTUAL_NAME.test(n.iface);
      return {
        name: clip(n.iface, 128),
        ...(address ? { mac: address } : {}),
        ipv4: n.ip4 ? [clip(n.ip4, 64)] : [],
        ipv6: n.ip6 ? [clip(n.ip6, 128)] : [],
        virtual: isVirtual,
      };
    }),
    disks: disks(raw),
    firewallEnabled: raw.firewallEnabled,
    software: raw.software.slice(0, MAX_SOFTWARE).map((s) => ({
      name: clip(s.name, 255),
      ...(s.version ? { version: clip(s.version, 128) } : {}),
      ...(s.source ? { source: clip(s.source, 64) } : {}),
    })),
  };
}
