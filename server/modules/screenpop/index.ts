import { registerPushBuilder } from '../../platform/push.js';
import { screenPop } from './screenpop.service.js';

export { screenPopRoutes } from './screenpop.routes.js';

/** Composition: `call` pushes (platform/push.ts) are built as this viewer's screen pop. */
export function registerScreenPops(): void {
  registerPushBuilder('call', async (db, viewer, callId) => (await screenPop(db, viewer, callId)) ?? null);
}
