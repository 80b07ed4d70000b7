import type { ServerModule } from '../../platform/module.ts';
import { signalRoutes } from './routes.ts';

/** Signals: the detectors, Health Pulse and their thresholds. */
export const signals: ServerModule = { name: 'signals', routes: signalRoutes };

export { driftByCourse } from './detectors.ts';
export { pulseForViewer, readThresholds, runHealthPulse } from './pulse.ts';
