// The import-boundary rules are part of the architecture; this proves the lint config enforces them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  const feature = 'apps/server/src/features/tokens/example.ts';

  it("lets a feature use another feature's index and the platform", async () => {
    expect(await restricted(feature, "export { recordAudit } from '../audit/index.js';\n")).toEqual([]);
    expect(await restricted(feature, "export { newId } from '../../platform/ids/index.js';\n")).toEqual([]);
    expect(await restricted(feature, "export { x } from './tokens.repo.js';\n")).toEqual([]);
  });

  it("refuses a feature reaching into another feature's files", async () => {
    const messages = await restricted(
      feature,
      "export { insertAuditEvent } from '../audit/audit.repo.js';\n",
    );
    expect(messages).toEqual([expect.stringMatching(/only through its index/)]);
  });

  it('refuses the platform importing a feature', async () => {
    const messages = await restricted(
      'apps/server/src/platform/http/x.ts',
      "export { a } from '../../features/audit/index.js';\n",
    );
    expect(messages).toEqual([expect.stringMatching(/platform never imports features/)]);
  });

  it('refuses a connector importing the server', async () => {
    const messages = await restricted(
      'connectors/jamf/src/index.ts',
      "export { createSteward } from '@steward/server';\n",
    );
    expect(messages).toEqual([expect.stringMatching(/Connectors never import the server/)]);
  });

  it('refuses a shared package importing an app', async () => {
    const messages = await restricted(
      'packages/domain/src/x.ts',
      "export { a } from '../../../apps/server/src/index.js';\n",
    );
    expect(messages).toEqual([expect.stringMatching(/import nothing from apps/)]);
  });
});
