#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so the installed package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main();
