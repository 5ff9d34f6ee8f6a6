import type { Decider } from '../core/decide.ts';
import type { Db } from '../core/db/index.ts';
import type { Registry } from '../core/registry.ts';
import type { Session } from './sessions.ts';
import type { LoginThrottle } from './sessions.ts';
import type { SecuritySettings } from './security.ts';
import type { Posted } from './console/posted.tsx';

/** What every route may use. */
export interface AppDeps {
  db: Db;
  registry: Registry;
  decider: Decider;
  throttle: LoginThrottle;
  /** what the deployment vouches for (a proxy, TLS); absent: nothing */
  security?: SecuritySettings;
}

export interface AppEnv {
  Variables: { session: Session | null; deps: AppDeps; requestId: string; posted?: Posted };
}
