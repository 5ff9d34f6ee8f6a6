#!/usr/bin/env node
// The CLI: compiled from dist/, or through tsx in a development checkout whose dist/ is stale (launch.js).
import { launch } from './launch.js';

const { main } = await launch('cli/main.ts');
await main();
