import { describe, expect, it } from 'vitest';
import { DryRunAdapter } from './adapter.js';

describe('DryRunAdapter', () => {
  it('records linux commands (apt and dnf) without running them', async () => {
    const apt = new DryRunAdapter('linux', 'apt');
    await apt.perform({ action: 'lock' });
    await apt.perform({ action: 'restart', delaySeconds: 0 });
    const install = await apt.perform({ action: 'install', package: 'curl', version: '8.0.1-1' });
    expect(install).toEqual({
      ok: true,
      dryRun: true,
      platform: 'linux',
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'curl=8.0.1-1'],
      ],
    });
    await apt.perform({ action: 'update', package: 'curl' });
    expect(apt.recorded).toEqual([
      ['loginctl', 'lock-sessions'],
      ['shutdown', '-r', 'now'],
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'curl=8.0.1-1'],
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--only-upgrade', 'curl'],
    ]);
    const dnf = new DryRunAdapter('linux', 'dnf');
    expect((await dnf.perform({ action: 'install', package: 'curl', version: '8.0' })).commands).toEqual([
      ['dnf', 'install', '-y', 'curl-8.0'],
    ]);
  });

  it('records darwin commands', async () => {
    const mac = new DryRunAdapter('darwin');
    await mac.perform({ action: 'lock' });
    await mac.perform({ action: 'restart', delaySeconds: 90 });
    await mac.perform({ action: 'install', package: 'jq' });
    await mac.perform({ action: 'update', package: 'jq' });
    expect(mac.recorded).toEqual([
      ['pmset', 'displaysleepnow'],
      ['shutdown', '-r', '+2'],
      ['brew', 'install', 'jq'],
      ['brew', 'upgrade', 'jq'],
    ]);
  });

  it('records win32 commands', async () => {
    const win = new DryRunAdapter('win32');
    await win.perform({ action: 'lock' });
    await win.perform({ action: 'restart', delaySeconds: 60 });
    await win.perform({ action: 'install', package: 'Git.Git', version: '2.45.0' });
    await win.perform({ action: 'update', package: 'Git.Git' });
    const flags = ['-e', '--silent', '--accept-package-agreements', '--accept-source-agreements'];
    expect(win.recorded).toEqual([
      ['rundll32.exe', 'user32.dll,LockWorkStation'],
      ['shutdown.exe', '/r', '/t', '60', '/c', 'Restart requested by IT (Steward)'],
      ['winget', 'install', '--id', 'Git.Git', ...flags, '--version', '2.45.0'],
      ['winget', 'upgrade', '--id', 'Git.Git', ...flags],
    ]);
  });
});
