import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** Signals: the detectors, Health Pulse and their thresholds. */
export const signals: ServerModule = { name: 'signals', routes, jobs };

export { driftByCourse } from './detectors.ts';
export { pulseForViewer, readThresholds, runHealthPulse } from './pulse.ts';
