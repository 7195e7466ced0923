import { defineConfig } from 'vitest/config';

// rfcheck ships TypeScript: let vitest transform it instead of handing it to Node as-is.
export default defineConfig({
  test: { include: ['docs/examples/*.test.ts'], server: { deps: { inline: ['rfcheck'] } } },
});
