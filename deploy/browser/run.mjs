// Drives headless Chromium (Debian's /usr/bin/chromium) through page/index.html, served by the caller, and prints
// one JSON line with what the page saw. Then, if asked, it makes the browser vanish without unregistering: it waits
// for a line on stdin and kills the browser process with SIGKILL, printing the time it did.
//
// usage: node run.mjs <page url> <config json>
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const [pageUrl, configJson] = process.argv.slice(2);
const cfg = JSON.parse(configJson);
const server = await chromium.launchServer({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required',
  ],
});
const browser = await chromium.connect(server.wsEndpoint());
const fail = async (why) => {
  console.log(JSON.stringify({ error: why }));
  await server.close();
  process.exit(2);
};
try {
  const page = await browser.newPage({ ignoreHTTPSErrors: true });
  page.on('console', (m) => process.stderr.write('[page] ' + m.text() + '\n'));
  await page.goto(pageUrl);
  await page.evaluate((c) => window.vouchRun(c), cfg);
  await page.waitForFunction(() => window.vouchResult && window.vouchResult.done, null,
    { timeout: cfg.timeoutMs || 30000 });
  console.log(JSON.stringify(await page.evaluate(() => window.vouchResult)));
} catch (e) {
  await fail(String(e));
}
if (cfg.vanish) {
  const rl = readline.createInterface({ input: process.stdin });
  await new Promise((resolve) => rl.once('line', resolve));
  // the browser disappears as a crashed tab or a lost laptop does: no unregistration, no closing handshake
  server.process().kill('SIGKILL');
  console.log(JSON.stringify({ killedAt: Date.now() }));
  rl.close();
} else {
  await server.close();
}
