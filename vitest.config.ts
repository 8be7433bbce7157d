import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globals: true,
    // Reads of the root reference office (requests/, subdomains/, .github/sop.yaml) throw.
    setupFiles: ['./test/support/no-root-office.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
