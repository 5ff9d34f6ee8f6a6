/** Accounts over the API: the staff list, and a campaign's drawn employers' accounts, listed and opened in batches. */
import { BATCH, campaignAccounts, createEmployerAccounts, listStaffAccounts } from '../../core/services/employerAccounts.ts';
import type { Endpoint } from '../endpoint.ts';

export const accountEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/users',
    summary: 'The staff accounts of the administrator’s bureau and those below it, with their state (disabled, on a one-time password)',
    run: ({ deps, actor }) => listStaffAccounts(deps.db, actor),
  },
  {
    method: 'get',
    path: '/campaigns/:id/employer-accounts',
    summary: 'How many of the drawn employers in the caller’s charge have an account, and the ones matching ?q= (credit code or name)',
    query: { q: { description: 'part of a credit code or name' } },
    run: ({ deps, actor, param, query }) => campaignAccounts(deps.db, actor, Number(param('id')) || 0, query('q')),
  },
  {
    method: 'post',
    path: '/campaigns/:id/employer-accounts',
    step: 'accounts.employers',
    summary: `Open accounts for drawn employers in the caller’s charge that have none (up to ${BATCH.max} a batch): each named by its credit code, with a one-time password returned this once, for the letters`,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 1, maximum: BATCH.max } },
    },
    run: ({ deps, actor, param, body, c }) => {
      c.header('cache-control', 'no-store');
      return createEmployerAccounts(deps.db, actor, Number(param('id')) || 0, (body as { limit?: number }).limit);
    },
  },
];
