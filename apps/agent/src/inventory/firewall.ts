import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether the host firewall is on, from cheap sources only; null when it cannot be told quickly. */
export async function firewallEnabled(platform: NodeJS.Platform = process.platform): Promise<boolean | null> {
  try {
    if (platform === 'linux') {
      const conf = await readFile('/etc/ufw/ufw.conf', 'utf8');
      const m = /^\s*ENABLED\s*=\s*(\w+)/m.exec(conf);
      return m ? m[1]?.toLowerCase() === 'yes' : null;
    }
    if (platform === 'darwin') {
      const { stdout } = await run('/usr/libexec/ApplicationFirewall/socketfilterfw', ['--getglobalstate'], {
        timeout: 5000,
      });
      return /enabled/i.test(stdout) ? true : /disabled/i.test(stdout) ? false : null;
    }
    if (platform === 'win32') {
      const { stdout } = await run('netsh', ['advfirewall', 'show', 'allprofiles', 'state'], {
        timeout: 5000,
      });
      const states = [...stdout.matchAll(/State\s+(ON|OFF)/gi)].map((m) => m[1]?.toUpperCase());
      if (states.length === 0) return null;
      return states.every((s) => s === 'ON');
    }
  } catch {
    // Not there or not allowed: unknown.
  }
  return null;
}
