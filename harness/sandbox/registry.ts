// The built-in backends. A new backend is its module, registering itself, plus one import line here.
import './local/register.js';
import './docker/register.js';
import './docker-copy/register.js';

// `--runtime` offers backendNames() as it is when a command is built, so a backend registered by any module loaded before is among them.
export { backendNames, getBackend, registerBackend, UnknownBackendError, type BackendLoader } from './backend-registry.js';
