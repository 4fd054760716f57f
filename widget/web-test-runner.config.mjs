import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Browser tests in the system Chromium (Playwright cannot download browsers here). */
export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  hostname: '127.0.0.1',
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  concurrency: 1,
  // Used by `pnpm test:coverage` (slower: v8 coverage of every file).
  coverageConfig: {
    include: ['src/**/*.ts'],
    exclude: ['src/testing/**', 'src/**/*.test.ts'],
    threshold: { statements: 90, branches: 80, functions: 85, lines: 90 },
  },
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 10000 } },
};
