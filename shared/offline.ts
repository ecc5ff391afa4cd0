/**
 * How many opened threads stay readable offline, the least recently opened leaving first: the service
 * worker's limit (scripts/build-service-worker.ts writes it into public/sw.js) and the number the offline
 * page states. Change it here and rebuild (`npm run build`); README "Installable app" says so.
 */
export const OFFLINE_THREADS_KEPT = 50;
