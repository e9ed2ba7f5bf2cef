/** The commands behind lock / restart / install / update on each platform, as argv lists (never a shell line). */
export type PlatformAction =
  | { action: 'lock'; message?: string }
  | { action: 'restart'; delaySeconds: number }
  | { action: 'install'; package: string; version?: string }
  | { action: 'update'; package: string };

export type SupportedPlatform = 'linux' | 'darwin' | 'win32';
export type LinuxPackageManager = 'apt' | 'dnf';

export function isSupportedPlatform(p: string): p is SupportedPlatform {
  return p === 'linux' || p === 'darwin' || p === 'win32';
}

const minutes = (seconds: number) => Math.ceil(seconds / 60);

function linux(a: PlatformAction, pm: LinuxPackageManager): string[][] {
  switch (a.action) {
    case 'lock':
      return [['loginctl', 'lock-sessions']];
    case 'restart':
      return [['shutdown', '-r', a.delaySeconds === 0 ? 'now' : `+${minutes(a.delaySeconds)}`]];
    case 'install':
      if (pm === 'dnf')
        return [['dnf', 'install', '-y', a.version ? `${a.package}-${a.version}` : a.package]];
      return [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', a.version ? `${a.package}=${a.version}` : a.package],
      ];
    case 'update':
      if (pm === 'dnf') return [['dnf', 'upgrade', '-y', a.package]];
      return [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--only-upgrade', a.package],
      ];
  }
}

function darwin(a: PlatformAction): string[][] {
  switch (a.action) {
    case 'lock':
      // Sleeps the display; the screen locks when "require password after sleep" is on (the managed default).
      return [['pmset', 'displaysleepnow']];
    case 'restart':
      return [['shutdown', '-r', a.delaySeconds === 0 ? 'now' : `+${minutes(a.delaySeconds)}`]];
    case 'install':
      return [['brew', 'install', a.version ? `${a.package}@${a.version}` : a.package]];
    case 'update':
      return [['brew', 'upgrade', a.package]];
  }
}

const WINGET_FLAGS = ['-e', '--silent', '--accept-package-agreements', '--accept-source-agreements'];

function win32(a: PlatformAction): string[][] {
  switch (a.action) {
    case 'lock':
      return [['rundll32.exe', 'user32.dll,LockWorkStation']];
    case 'restart':
      return [
        [
          'shutdown.exe',
          '/r',
          '/t',
          String(a.delaySeconds),
          ...(a.delaySeconds > 0 ? ['/c', 'Restart requested by IT (Steward)'] : []),
        ],
      ];
    case 'install':
      return [
        [
          'winget',
          'install',
          '--id',
          a.package,
          ...WINGET_FLAGS,
          ...(a.version ? ['--version', a.version] : []),
        ],
      ];
    case 'update':
      return [['winget', 'upgrade', '--id', a.package, ...WINGET_FLAGS]];
  }
}

export function platformCommands(
  platform: SupportedPlatform,
  action: PlatformAction,
  linuxPackageManager: LinuxPackageManager = 'apt',
): string[][] {
  if (platform === 'linux') return linux(action, linuxPackageManager);
  if (platform === 'darwin') return darwin(action);
  return win32(action);
}
