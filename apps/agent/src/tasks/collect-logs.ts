import { open } from 'node:fs/promises';
import type { TaskExecutor } from './types.js';

/** Per file, so a handful of files stays well under the protocol's message limit. */
export const MAX_LOG_BYTES_PER_FILE = 256 * 1024;

export interface LogTail {
  path: string;
  lines?: string[];
  /** Fewer lines than asked because of the byte limit. */
  truncated?: boolean;
  error?: string;
}

/** The last `count` lines of a file, reading backwards from the end in chunks, never more than `maxBytes`. */
export async function tailFile(
  file: string,
  count: number,
  maxBytes = MAX_LOG_BYTES_PER_FILE,
): Promise<LogTail> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let position = size;
    let buffer = Buffer.alloc(0);
    const chunk = 64 * 1024;
    const newlines = () => {
      let n = 0;
      for (const b of buffer) if (b === 0x0a) n += 1;
      return n;
    };
    // Need count+1 newlines to be sure the first line is complete (the last line may end with one).
    while (position > 0 && buffer.length < maxBytes && newlines() <= count) {
      const length = Math.min(chunk, position, maxBytes - buffer.length);
      position -= length;
      const part = Buffer.alloc(length);
      await handle.read(part, 0, length, position);
      buffer = Buffer.concat([part, buffer]);
    }
    let lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const cutShort = position > 0;
    // Starting mid-file, the first line is probably partial.
    if (cutShort && lines.length > 0) lines = lines.slice(1);
    const truncated = cutShort && lines.length < count;
    return { path: file, lines: lines.slice(-count), ...(truncated ? { truncated } : {}) };
  } finally {
    await handle.close();
  }
}

export const runCollectLogsTask: TaskExecutor<'collect_logs'> = async (parameters, context) => {
  const files: LogTail[] = [];
  for (const file of context.config.logFiles) {
    try {
      files.push(await tailFile(file, parameters.lines));
    } catch (error) {
      files.push({ path: file, error: (error as Error).message });
    }
  }
  if (files.length > 0 && files.every((f) => f.error))
    return { status: 'failed', error: 'none of the configured log files could be read', result: { files } };
  return { status: 'succeeded', result: { files } };
};
