import { defineConfig } from 'vitest/config';

// Unit tests beside the code; the browser test drives the built SPA against the whole platform: slow by nature.
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 120_000 },
});
