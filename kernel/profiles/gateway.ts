import { resolve } from 'node:path';
import type { Profile } from '../profile';

/** ByteSpike, the gateway: every built-in plugin under `plugins/` it runs with. */
export const gatewayProfile: Profile = {
  name: 'gateway',
  product: 'bytespike',
  envPrefix: 'BYTESPIKE',
  builtinRoots: ['plugins'],
  plugins: ['http-host', 'postgres-store', 'redis-state', 'sqlite-store', 'billing', 'admin-api', 'router', 'feature-flags', 'response-cache', 'fallback', 'retry', 'timeout', 'upstream-health', 'messages-frontend', 'chat-completions-frontend', 'responses-frontend', 'models-frontend', 'skills-marketplace', 'anthropic', 'gemini', 'openai', 'deepseek', 'kimi', 'openai-compatible', 'cohere', 'voyage', 'embeddings-frontend', 'rerank-frontend', 'images-frontend', 'videos-frontend', 'image-tools', 'video-tools', 'text-writing-tools', 'mcp-frontend', 'console-api', 'oauth'],
  defaultDataDir: (env, cwd) => resolve(cwd, env.BYTESPIKE_DATA_DIR ?? '.bytespike'),
};
