import { runProcess } from '../process.js';
import type { TaskExecutor } from './types.js';

/** Only scripts named in the config's allowlist run, spawned without a shell. */
export const runScriptTask: TaskExecutor<'script'> = async (parameters, context) => {
  const script = Object.hasOwn(context.config.scripts, parameters.name)
    ? context.config.scripts[parameters.name]
    : undefined;
  if (!script)
    return { status: 'failed', error: `script "${parameters.name}" is not in this agent's allowlist` };
  if (parameters.args.length > 0 && !script.acceptArgs)
    return { status: 'failed', error: `script "${parameters.name}" does not accept arguments` };

  context.progress(`running ${parameters.name}`);
  const outcome = await runProcess(script.command, [...script.args, ...parameters.args], {
    timeoutMs: parameters.timeoutSeconds * 1000,
    signal: context.signal,
  });
  const result = {
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    truncated: outcome.truncated,
    timedOut: outcome.timedOut,
    durationMs: outcome.durationMs,
  };
  if (outcome.timedOut)
    return { status: 'failed', error: `timed out after ${parameters.timeoutSeconds} s; killed`, result };
  if (outcome.error) return { status: 'failed', error: outcome.error, result };
  if (outcome.exitCode !== 0)
    return {
      status: 'failed',
      error: `exit code ${outcome.exitCode ?? `signal ${outcome.signal}`}`,
      result,
    };
  return { status: 'succeeded', result };
};
