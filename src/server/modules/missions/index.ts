import type { ServerModule } from '../../platform/module.ts';
import { missionRoutes } from './routes.ts';

/** The Missions board. */
export const missions: ServerModule = { name: 'missions', routes: missionRoutes };

export { loadMission, missionForViewer } from './service.ts';
