import { registerBackend } from '../backend-registry.js';

registerBackend('local', async () => (await import('./backend.js')).localBackend);
