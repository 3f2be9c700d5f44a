import { defineConfig } from '@playwright/test';
import { baseURL, launchOptions, port } from './tests/e2e/chromium';

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
		command: 'node server/main.js',
		port,
		env: { PORT: String(port), HOST: '127.0.0.1' },
		reuseExistingServer: false,
		timeout: 30_000
	}
});
