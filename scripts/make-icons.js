// Renders the app icons from SVG with Debian's Chromium. Run by hand when the icon changes:
//   node scripts/make-icons.js
// The PNGs are committed: they are source assets, not build output.
import { chromium } from '@playwright/test';

const mark = (scale) => `
  <g transform="translate(256 256) scale(${scale}) translate(-256 -256)">
    <circle cx="256" cy="150" r="42" fill="#ffd54f"/>
    <rect x="96" y="236" width="320" height="44" rx="22" fill="#fff"/>
    <text x="256" y="420" font-family="Noto Sans CJK SC, sans-serif" font-size="110" font-weight="700" fill="#fff" text-anchor="middle">一线</text>
  </g>`;

const icons = {
	'icon-192.png': { size: 192, svg: `<rect width="512" height="512" rx="96" fill="#b71c1c"/>${mark(1)}` },
	'icon-512.png': { size: 512, svg: `<rect width="512" height="512" rx="96" fill="#b71c1c"/>${mark(1)}` },
	// Maskable: full bleed, the mark inside the 80% safe zone.
	'maskable-512.png': { size: 512, svg: `<rect width="512" height="512" fill="#b71c1c"/>${mark(0.72)}` },
	// The page's icon (src/app.html): a PNG, not an SVG, which Chromium would render as a document of
	// its own on the page's main thread during a start (tests/app-icon.spec.ts). 64 px: 32 at 2× density.
	'favicon-64.png': {
		size: 64,
		view: 64,
		svg: '<rect width="64" height="64" rx="14" fill="#b71c1c"/><rect x="12" y="29" width="40" height="6" rx="3" fill="#fff"/><circle cx="32" cy="17" r="5" fill="#ffd54f"/><path d="M14 46h36" stroke="#fff" stroke-width="4" stroke-linecap="round" opacity=".6"/>'
	}
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [file, { size, svg, view = 512 }] of Object.entries(icons)) {
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(
		`<html><body style="margin:0;background:transparent"><svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${view} ${view}">${svg}</svg></body></html>`
	);
	await page.screenshot({ path: `static/icons/${file}`, omitBackground: true });
	console.log('wrote static/icons/' + file);
}
await browser.close();
