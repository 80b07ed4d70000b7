import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The Missions board. */
export const missions: ServerModule = { name: 'missions', routes };

export { assertMissionExists, type BoardRecord, recordOnBoard } from './board.ts';
export { loadMission, missionForViewer, searchMissions } from './service.ts';
