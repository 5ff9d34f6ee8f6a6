import type { Command } from '../io.ts';
import { decide } from './decide.ts';
import { newPlugin } from './newPlugin.ts';
import { plugins } from './plugins.ts';
import { testPlugin } from './testPlugin.ts';
import { validate } from './validate.ts';

export const commands: Command[] = [plugins, validate, decide, testPlugin, newPlugin];
