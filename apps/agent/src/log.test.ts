import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';

describe('logger', () => {
  it('writes JSON lines and never the credential', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => new Date('2025-01-01T00:00:00Z') });
    log.secret('ag_1.topsecretvalue');
    log.child({ agentId: 'ag_1' }).info('connecting', {
      credential: 'anything',
      headers: { Authorization: 'Bearer x' },
      detail: 'sent ag_1.topsecretvalue to the server',
    });
    log.debug('hidden at info level');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '2025-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'connecting',
      agentId: 'ag_1',
      credential: '[redacted]',
      headers: { Authorization: '[redacted]' },
      detail: 'sent [redacted] to the server',
    });
  });
});
