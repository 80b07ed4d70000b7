import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The Missions board. */
export const missions: ServerModule = { name: 'missions', routes };

export { loadMission, missionForViewer, searchMissions } from './service.ts';
