import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { renderModelReference } from '../packages/domain/src/index.js';

it('docs/canonical-model.md is the current model (run npm run docs:model after changing it)', () => {
  const file = readFileSync(path.resolve(import.meta.dirname, '../docs/canonical-model.md'), 'utf8');
  expect(file).toBe(renderModelReference());
});
