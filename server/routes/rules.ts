/** Rule editing over HTTP: a bureau administrator's versioned edits of its region's rulesets. */
import { editRuleset, listRulesetVersions, rollbackRuleset, type EditResult } from '../../core/services/rulesetEdits.ts';
import type { AppDeps } from '../context.ts';
import type { Endpoint } from '../endpoint.ts';

/** From the next request on, every route decides with the new rules (other processes see the new version and reload). */
function adopt(deps: AppDeps, { version, registry }: EditResult) {
  deps.decider.adopt(registry);
  deps.registry = registry;
  return version;
}

const reason = { type: 'string', minLength: 4, maxLength: 500 };

export const ruleEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/plugins/:plugin/rulesets/:decision/versions',
    step: 'rules.read',
    summary: 'The versions of a region’s ruleset: author, reason, hash',
    run: ({ deps, actor, param }) => listRulesetVersions(deps.db, deps.registry, actor, param('plugin'), param('decision')),
  },
  {
    method: 'put',
    path: '/plugins/:plugin/rulesets/:decision',
    step: 'rules.edit',
    summary: 'Edit a region’s ruleset (its administrator): schema-checked, within inherited bounds, its test cases must pass',
    body: { type: 'object', additionalProperties: false, required: ['ruleset', 'reason'], properties: { ruleset: { type: 'object' }, reason } },
    run: async ({ deps, actor, param, body }) =>
      adopt(deps, await editRuleset(deps.db, deps.registry, actor, param('plugin'), param('decision'), body.ruleset, body.reason)),
  },
  {
    method: 'post',
    path: '/plugins/:plugin/rulesets/:decision/rollback',
    step: 'rules.edit',
    summary: 'Roll a region’s ruleset back to an earlier version (0: as shipped), as a new version',
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['to'],
      properties: { to: { type: 'integer', minimum: 0 }, reason: { type: 'string', maxLength: 500 } },
    },
    run: async ({ deps, actor, param, body }) =>
      adopt(deps, await rollbackRuleset(deps.db, deps.registry, actor, param('plugin'), param('decision'), body.to, body.reason ?? '')),
  },
];
