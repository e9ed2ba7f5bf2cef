import { describe, expect, it } from 'vitest';
import { main } from './cli.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} } };
}

describe('cli', () => {
  it('prints usage and exits 2 for unknown commands and missing flags', async () => {
    for (const argv of [[], ['frobnicate'], ['enroll', '--server', 'http://x'], ['run', '--bogus', '1']]) {
      const t = io();
      expect(await main(argv, t.io)).toBe(2);
      expect(t.err.join('\n')).toContain('Usage:');
    }
  });

  it('exits 1 naming the field for a bad config', async () => {
    const t = io();
    t.io.env = { STEWARD_AGENT_CONFIG: '/nonexistent/steward-agent.json' };
    expect(await main(['run'], t.io)).toBe(1);
    expect(t.err.join('\n')).toContain('does not exist');
  });
});
