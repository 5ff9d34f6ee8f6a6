import type { Decider } from '../core/decide.ts';
import type { Db } from '../core/db/index.ts';
import type { Registry } from '../core/registry.ts';
import type { Session } from './sessions.ts';
import type { LoginThrottle } from './sessions.ts';

/** What every route may use. */
export interface AppDeps {
  db: Db;
  registry: Registry;
  decider: Decider;
  throttle: LoginThrottle;
}

export interface AppEnv {
  Variables: { session: Session | null; deps: AppDeps; requestId: string };
}
