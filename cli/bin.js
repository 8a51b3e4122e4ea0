#!/usr/bin/env node
// Entry point for `npx apigw-doctor` / the `bin` of package.json: runs the TypeScript CLI through tsx,
// so a fresh clone works right after `npm ci` with no build step.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
