import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderModelReference } from '../packages/domain/src/index.js';

const target = path.resolve(import.meta.dirname, '../docs/canonical-model.md');
writeFileSync(target, renderModelReference());
console.log(`wrote ${target}`);
