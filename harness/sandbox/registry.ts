// The built-in backends. A new backend is its module, registering itself, plus one import line here.
import './local/register.js';
import './docker/register.js';
import { backendNames } from './backend-registry.js';

export { backendNames, getBackend, registerBackend, UnknownBackendError, type BackendLoader } from './backend-registry.js';

/** The names `--runtime` accepts (yargs `choices`). */
export const BACKEND_NAMES: readonly string[] = backendNames();
