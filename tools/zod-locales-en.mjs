// What the CLI bundle holds of zod's `locales` namespace (tools/bundle-cli.mjs): English, the one zod sets itself.
export { default as en } from '../node_modules/zod/v4/locales/en.js';
