import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseURL, launchOptions, port } from './tests/e2e/chromium';

// A fresh data directory per run, shared with the workers (they read the env the runner set).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'yixian-e2e-data-'));

// Browser tests run against the production build and the real server (the service worker only
// precaches a real build), in Debian's Chromium: test tools cannot download browsers here.
export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		launchOptions
	},
	webServer: {
		command: 'tsx server/main.ts',
		port,
		env: { PORT: String(port), HOST: '127.0.0.1', YIXIAN_DATA_DIR: process.env.E2E_DATA_DIR },
		reuseExistingServer: false,
		timeout: 30_000
	}
});
