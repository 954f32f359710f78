import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (Debian package `chromium`) or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

/**
 * Browser tests skip, saying why, when no Chromium is installed; under CI=true a missing
 * browser is an error, so CI can never pass without really running them.
 */
export function requireChromium(): boolean {
  if (hasChromium) return true;
  const message = `no Chromium at ${CHROMIUM_PATH}: install the Debian package "chromium" or set CHROMIUM_PATH`;
  if (process.env.CI === 'true') throw new Error(`browser tests must run under CI: ${message}`);
  console.warn(`browser tests skipped: ${message}`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // This machine has no network beyond loopback: keep Chromium from reaching out on its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
