import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'simulator/**/*.test.ts',
      'embedded/**/*.test.ts',
      'test/**/*.test.ts',
      'fuzz/**/*.test.ts',
      'interop/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
