#!/usr/bin/env node
// Starts the TypeScript CLI under tsx with the flags the local servers need: s3rver's
// listing tokens use DES, which Node 20's OpenSSL 3 only offers through the legacy provider.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./statsentry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--openssl-legacy-provider', '--import', tsx, entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
