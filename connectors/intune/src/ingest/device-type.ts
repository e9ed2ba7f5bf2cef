import type { DeviceType } from '@steward/domain';

const VIRTUAL_MODEL = /virtual machine|vmware|virtualbox|kvm|qemu|parallels|hvm domu/i;
const MAC_DESKTOP = /imac|mac ?mini|mac ?pro|mac ?studio/i;
const WINDOWS_DESKTOP =
  /optiplex|precision (tower|\d{4} tower)|thinkcentre|thinkstation|elitedesk|prodesk|z\d+ g\d+ tower|vostro .*desktop|all-in-one|surface studio|nuc/i;
const WINDOWS_LAPTOP =
  /latitude|thinkpad|thinkbook|elitebook|probook|zbook|xps|inspiron|vostro|surface (laptop|book|pro|go)|yoga|ideapad|spectre|envy|pavilion|galaxy book|zenbook|vivobook|macbook/i;
const TABLET = /ipad|tab|tablet/i;

/**
 * Intune has no chassis type in v1.0, so the type is read from the operating system and the model name.
 * Undefined when neither says (a blank never overwrites what another source knows).
 */
export function deviceTypeOf(
  operatingSystem: string | undefined,
  model: string | undefined,
): DeviceType | undefined {
  const os = (operatingSystem ?? '').toLowerCase();
  const m = model ?? '';
  if (m && VIRTUAL_MODEL.test(m)) return 'virtual_machine';
  if (os === 'ipados') return 'tablet';
  if (os === 'ios') return /ipad/i.test(m) ? 'tablet' : 'phone';
  if (os.startsWith('android')) return TABLET.test(m) ? 'tablet' : 'phone';
  if (os === 'macos') {
    if (/macbook/i.test(m)) return 'laptop';
    return MAC_DESKTOP.test(m) ? 'desktop' : undefined;
  }
  if (os.startsWith('windows')) {
    if (/server/i.test(os)) return 'server';
    if (WINDOWS_DESKTOP.test(m)) return 'desktop';
    if (WINDOWS_LAPTOP.test(m)) return 'laptop';
  }
  return undefined;
}
