import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SoftwareItem {
  name: string;
  version?: string;
  source?: string;
}

/** The cap the protocol allows; a real machine has a few thousand packages at most. */
export const MAX_SOFTWARE = 20_000;

export function parsePackageList(text: string, source: string, max = MAX_SOFTWARE): SoftwareItem[] {
  const out: SoftwareItem[] = [];
  for (const line of text.split('\n')) {
    if (out.length >= max) break;
    const [name, version] = line.split('\t');
    if (!name?.trim()) continue;
    out.push({ name: name.trim(), ...(version?.trim() ? { version: version.trim() } : {}), source });
  }
  return out;
}

const QUERIES: Array<{ command: string; args: string[]; source: string }> = [
  { command: 'dpkg-query', args: ['-W', '-f', '${Package}\\t${Version}\\n'], source: 'dpkg' },
  { command: 'rpm', args: ['-qa', '--qf', '%{NAME}\\t%{VERSION}-%{RELEASE}\\n'], source: 'rpm' },
];

/** Installed packages from the system package manager (Linux: dpkg, else rpm). systeminformation has no
 * software list, and on macOS and Windows a full list is slow to get, so there it is left empty. */
export async function listInstalledSoftware(
  platform: NodeJS.Platform = process.platform,
): Promise<SoftwareItem[]> {
  if (platform !== 'linux') return [];
  for (const q of QUERIES) {
    try {
      const { stdout } = await run(q.command, q.args, { timeout: 15_000, maxBuffer: 32 * 1024 * 1024 });
      return parsePackageList(stdout, q.source);
    } catch {
      // Not this package manager: try the next.
    }
  }
  return [];
}
