import type { FakeProvider } from './server.js';

/** Test keys: long enough to be redacted, unlike any real key. */
export const TEST_KEYS = {
  openai: 'sk-test-openai-0123456789',
  anthropic: 'sk-ant-test-0123456789',
  google: 'gm-test-0123456789',
  'openai-compat': 'compat-test-0123456789',
};

/** One way of reaching the fake server through an official SDK. */
export interface ProviderVariant {
  label: string;
  /** The agent id (openai-compat carries the server's URL in it). */
  id: (server: FakeProvider) => string;
  key: string;
  /** The environment variables that point the adapter at the fake server. */
  env: (server: FakeProvider) => Record<string, string>;
  api?: 'chat' | 'responses';
  /** Whether the wire format has a seed parameter. */
  sendsSeed: boolean;
  /** The key as the SDK sent it. */
  authHeader: (headers: Record<string, string>) => string | undefined;
}

const bearer = (h: Record<string, string>) => h['authorization']?.replace(/^Bearer /, '');

export const VARIANTS: ProviderVariant[] = [
  {
    label: 'openai chat',
    id: () => 'openai:gpt-4o-mini',
    key: TEST_KEYS.openai,
    env: (s) => ({ OPENAI_API_KEY: TEST_KEYS.openai, OPENAI_BASE_URL: `${s.url}/v1` }),
    sendsSeed: true,
    authHeader: bearer,
  },
  {
    label: 'openai responses',
    id: () => 'openai:gpt-4o-mini',
    key: TEST_KEYS.openai,
    env: (s) => ({ OPENAI_API_KEY: TEST_KEYS.openai, OPENAI_BASE_URL: `${s.url}/v1` }),
    api: 'responses',
    sendsSeed: false,
    authHeader: bearer,
  },
  {
    label: 'anthropic',
    id: () => 'anthropic:claude-haiku',
    key: TEST_KEYS.anthropic,
    env: (s) => ({ ANTHROPIC_API_KEY: TEST_KEYS.anthropic, ANTHROPIC_BASE_URL: s.url }),
    sendsSeed: false,
    authHeader: (h) => h['x-api-key'] ?? bearer(h),
  },
  {
    label: 'google',
    id: () => 'google:gemini-2.5-flash',
    key: TEST_KEYS.google,
    env: (s) => ({ GEMINI_API_KEY: TEST_KEYS.google, GEMINI_BASE_URL: s.url }),
    sendsSeed: true,
    authHeader: (h) => h['x-goog-api-key'],
  },
  {
    label: 'openai-compat',
    id: (s) => `openai-compat:qwen2.5-coder:7b@${s.url}/compat/v1`,
    key: TEST_KEYS['openai-compat'],
    env: () => ({ OPENAI_COMPAT_API_KEY: TEST_KEYS['openai-compat'] }),
    sendsSeed: true,
    authHeader: bearer,
  },
];
