import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

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

/**
 * This machine has no network beyond loopback: keep Chromium from reaching out on its own, and
 * make every host name but localhost unresolvable, so no page can reach past loopback either
 * (tests that link elsewhere fulfil those URLs with page.route).
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** Headless Chromium as playwright drives it: navigator.webdriver is true and the user agent says HeadlessChrome. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/** A desktop Chrome user agent, without "HeadlessChrome". */
export const VISITOR_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * Headless Chromium that looks like a real visitor's browser to page scripts: no automation flag,
 * so navigator.webdriver is false. Open its pages with visitorContext, which also sets a
 * desktop user agent. (The SDK skips automated browsers unless the tag has data-allow-bots.)
 */
export function launchVisitorChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--enable-automation'],
    // The UA on the command line too: a context's userAgent does not reach beacons.
    args: [...ARGS, '--disable-blink-features=AutomationControlled', `--user-agent=${VISITOR_USER_AGENT}`],
  });
}

/** A fresh context with a desktop Chrome user agent; pair with launchVisitorChromium. */
export function visitorContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ userAgent: VISITOR_USER_AGENT, ...options });
}

export { freePort } from '../process-helpers.js';
