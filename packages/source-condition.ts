/**
 * The export condition under which the workspace packages (@facegate/client, @facegate/server) resolve to their
 * TypeScript source inside this repository; everyone else gets the built `dist/` (JavaScript and declarations)
 * that `npm pack` ships. The tsconfigs name it in `customConditions`, the Vite and Vitest configs here.
 */
export const SOURCE_CONDITION = '@facegate/source';
