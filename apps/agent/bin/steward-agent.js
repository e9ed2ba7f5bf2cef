#!/usr/bin/env node
// The steward-agent CLI. The agent runs its TypeScript sources directly through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
