#!/usr/bin/env node
// npm start: the server, compiled from dist/, or through tsx in a development checkout whose dist/ is stale (launch.js).
import { launch } from './launch.js';

await launch('server/main.ts');
