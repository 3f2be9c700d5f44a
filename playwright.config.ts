import { defineConfig } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOptions } from './tests/e2e/chromium';
import { worldClocks } from './tests/e2e/clock';
import { specPort } from './tests/e2e/ports';

// Browser tests run against the production build and the real server (the service worker only
// precaches a real build), in Debian's Chromium: test tools cannot download browsers here.
//
// Every spec file is a project with a server and a data directory of its own, so no spec sees
// another's people, stations or calendar. The root is made once and passed to the workers
// through the environment (they evaluate this file again).
process.env.E2E_DATA_ROOT ??= mkdtempSync(join(tmpdir(), 'yixian-e2e-data-'));
const specs = readdirSync('tests/e2e').filter((f) => f.endsWith('.spec.ts')).sort();
// E2E_ONLY=name[,name] starts only those specs' servers (each keeps its port), for a quick run of one spec.
const only = process.env.E2E_ONLY?.split(',');
const worlds = specs
	.map((file, i) => ({ file, i, name: file.replace(/\.spec\.ts$/, '') }))
	.filter((w) => !only || only.includes(w.name))
	.map(({ file, i, name }) => {
		const dataDir = join(process.env.E2E_DATA_ROOT!, name);
		mkdirSync(dataDir, { recursive: true });
		return { name, file, port: specPort(i), dataDir, now: worldClocks[name] };
	});

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		launchOptions
	},
	projects: worlds.map((w) => ({
		name: w.name,
		testMatch: w.file,
		use: { baseURL: `http://localhost:${w.port}` },
		metadata: { dataDir: w.dataDir, now: w.now }
	})),
	webServer: worlds.map((w) => ({
		command: 'tsx server/main.ts',
		port: w.port,
		env: {
			PORT: String(w.port),
			HOST: '127.0.0.1',
			YIXIAN_DATA_DIR: w.dataDir,
			YIXIAN_PUBLIC_URL: `http://localhost:${w.port}`,
			...(w.now ? { NODE_ENV: 'test', YIXIAN_TEST_NOW: w.now } : {})
		},
		reuseExistingServer: false,
		timeout: 60_000
	}))
});
