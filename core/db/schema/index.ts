export * from './audit.ts';
export * from './campaign.ts';
export * from './registry.ts';
export * from './auth.ts';
export * from './review.ts';
export * from './rules.ts';
export * from './jobs.ts';
export * from './uploads.ts';
