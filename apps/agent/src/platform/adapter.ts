import { existsSync } from 'node:fs';
import { runProcess, type ProcessOutcome } from '../process.js';
import {
  isSupportedPlatform,
  platformCommands,
  type LinuxPackageManager,
  type PlatformAction,
  type SupportedPlatform,
} from './commands.js';

export interface PlatformResult {
  ok: boolean;
  dryRun: boolean;
  platform: SupportedPlatform;
  commands: string[][];
  /** One per command that ran (absent in a dry run); stops at the first that failed. */
  outputs?: Array<{ command: string[] } & ProcessOutcome>;
  error?: string;
}

/** Device actions go through this, so tests (and dry-run configs) can see what would run instead. */
export interface PlatformAdapter {
  readonly platform: SupportedPlatform;
  readonly dryRun: boolean;
  perform(action: PlatformAction, signal?: AbortSignal): Promise<PlatformResult>;
}

/** Records every command it would run and returns them as the result; runs nothing. */
export class DryRunAdapter implements PlatformAdapter {
  readonly dryRun = true;
  readonly recorded: string[][] = [];

  constructor(
    readonly platform: SupportedPlatform,
    private readonly linuxPackageManager: LinuxPackageManager = 'apt',
  ) {}

  async perform(action: PlatformAction): Promise<PlatformResult> {
    const commands = platformCommands(this.platform, action, this.linuxPackageManager);
    this.recorded.push(...commands);
    return { ok: true, dryRun: true, platform: this.platform, commands };
  }
}

const COMMAND_TIMEOUT_MS = 30 * 60_000;

/** Runs the platform's commands one after another, without a shell. */
export class SystemAdapter implements PlatformAdapter {
  readonly dryRun = false;

  constructor(
    readonly platform: SupportedPlatform,
    private readonly linuxPackageManager: LinuxPackageManager = 'apt',
  ) {}

  async perform(action: PlatformAction, signal?: AbortSignal): Promise<PlatformResult> {
    const commands = platformCommands(this.platform, action, this.linuxPackageManager);
    const outputs: NonNullable<PlatformResult['outputs']> = [];
    for (const [program, ...args] of commands) {
      if (!program) continue;
      const outcome = await runProcess(program, args, { timeoutMs: COMMAND_TIMEOUT_MS, signal });
      outputs.push({ command: [program, ...args], ...outcome });
      if (outcome.error || outcome.exitCode !== 0) {
        const why = outcome.error ?? `exit code ${outcome.exitCode ?? outcome.signal}`;
        return {
          ok: false,
          dryRun: false,
          platform: this.platform,
          commands,
          outputs,
          error: `${program} failed: ${why}`,
        };
      }
    }
    return { ok: true, dryRun: false, platform: this.platform, commands, outputs };
  }
}

export function detectLinuxPackageManager(): LinuxPackageManager {
  return !existsSync('/usr/bin/apt-get') && existsSync('/usr/bin/dnf') ? 'dnf' : 'apt';
}

export function createPlatformAdapter(
  dryRun: boolean,
  platform: string = process.platform,
): PlatformAdapter | undefined {
  if (!isSupportedPlatform(platform)) return undefined;
  const pm = platform === 'linux' ? detectLinuxPackageManager() : 'apt';
  return dryRun ? new DryRunAdapter(platform, pm) : new SystemAdapter(platform, pm);
}
