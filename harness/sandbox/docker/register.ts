import { registerBackend } from '../backend-registry.js';

registerBackend('docker', async () => (await import('./backend.js')).dockerBackend);
