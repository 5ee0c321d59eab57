import { registerBackend } from '../backend-registry.js';

registerBackend('docker-copy', async () => (await import('./backend.js')).dockerCopyBackend);
