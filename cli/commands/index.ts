import type { Command } from '../io.ts';
import { auditCommand } from './audit.ts';
import { campaign } from './campaign.ts';
import { decide } from './decide.ts';
import { importFile } from './importFile.ts';
import { newPlugin } from './newPlugin.ts';
import { plugins } from './plugins.ts';
import { render } from './render.ts';
import { reviewYearCommands } from './reviewYear.ts';
import { rules } from './rules.ts';
import { assign, drawCommand, grade, gradesCommand, verifyDrawCommand } from './steps.ts';
import { testPlugin } from './testPlugin.ts';
import { validate } from './validate.ts';

export const commands: Command[] = [
  plugins,
  validate,
  decide,
  testPlugin,
  newPlugin,
  campaign,
  importFile,
  assign,
  drawCommand,
  verifyDrawCommand,
  grade,
  gradesCommand,
  ...reviewYearCommands,
  rules,
  render,
  auditCommand,
];
