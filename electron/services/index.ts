import type { ServiceContext } from './context';
import { demoHandlers } from './demo';
import { exportHandlers } from './exports';
import type { Handlers } from './handlers';
import { importHandlers } from './imports';
import { overviewHandlers } from './overview';
import { programmeHandlers } from './programmes';
import { registrationHandlers } from './registrations';
import { restoreHandlers } from './restore';
import { settingsHandlers } from './settings';
import { systemHandlers } from './system';

/** Every handler but `jobs.cancel`, which belongs to the dispatcher that owns the jobs. */
export type ServiceHandlers = Omit<Handlers, 'jobs.cancel'>;

export function createServices(ctx: ServiceContext): ServiceHandlers {
  return {
    ...systemHandlers(ctx),
    ...settingsHandlers(ctx),
    ...programmeHandlers(ctx),
    ...registrationHandlers(ctx),
    ...overviewHandlers(ctx),
    ...demoHandlers(ctx),
    ...importHandlers(ctx),
    ...exportHandlers(ctx),
    ...restoreHandlers(ctx),
  };
}
