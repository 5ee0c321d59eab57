import type { CardOverride } from './override.js';

/**
 * Hand-written corrections, by dataset name, only where the source's documentation is silent or
 * wrong; each fact says why. Everything else on a card is extracted from the documentation by code.
 */
export const CARD_OVERRIDES: Readonly<Record<string, CardOverride>> = {};
