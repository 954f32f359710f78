import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../collector/config.js';

describe('parseConfig', () => {
  it('has the contract defaults', () => {
    const c = parseConfig({});
    expect(c.port).toBe(8787);
    expect(c.database).toEqual({ kind: 'sqlite', path: resolve('./data/abm.db'), synchronous: 'full' });
    expect(c.adminToken).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:8787');
    expect([c.maxBodyBytes, c.maxEvents]).toEqual([65536, 100]);
    expect(c.trustProxy).toEqual([]);
    expect(c.rateLimit).toEqual({ perIp: 6000, perSite: 600_000 });
  });

  it('reads TRUST_PROXY: CIDRs of both families, single addresses and keywords', () => {
    const c = parseConfig({ TRUST_PROXY: '10.0.0.0/8, 2001:db8::/32,192.0.2.7 ,::ffff:198.51.100.1, Loopback,private,' });
    expect(c.trustProxy).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '2001:db8::', prefix: 32, family: 'ipv6' },
      { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
      { address: '::ffff:198.51.100.1', prefix: 128, family: 'ipv6' },
      { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '172.16.0.0', prefix: 12, family: 'ipv4' },
      { address: '192.168.0.0', prefix: 16, family: 'ipv4' },
      { address: 'fc00::', prefix: 7, family: 'ipv6' },
    ]);
  });

  it('names TRUST_PROXY and each bad entry', () => {
    let error: unknown;
    try {
      parseConfig({ TRUST_PROXY: '10.0.0.0/8, 10.0.0.0/33, proxy.internal, 2001:db8::/129, 10.0.0.0/8/1, 1.2.3.4/, constructor, fe80::1%eth0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      ['10.0.0.0/33', 'proxy.internal', '2001:db8::/129', '10.0.0.0/8/1', '1.2.3.4/', 'constructor', 'fe80::1%eth0'].map(
        (entry) => `TRUST_PROXY: "${entry}" is not an IP address, a CIDR such as 10.0.0.0/8 or 2001:db8::/32, "loopback" or "private"`,
      ),
    );
  });

  it('reads RATE_LIMIT and RATE_LIMIT_SITE in events per minute, 0 for off', () => {
    expect(parseConfig({ RATE_LIMIT: '120', RATE_LIMIT_SITE: '0' }).rateLimit).toEqual({ perIp: 120, perSite: 0 });
    expect(parseConfig({ RATE_LIMIT: '0' }).rateLimit).toEqual({ perIp: 0, perSite: 600_000 });
    for (const bad of ['lots', '-1', '1.5']) {
      expect(() => parseConfig({ RATE_LIMIT: bad, RATE_LIMIT_SITE: bad })).toThrow(
        /RATE_LIMIT: must be a whole number of events per minute, 0 for no limit\n.*RATE_LIMIT_SITE: must be/,
      );
    }
  });

  it('reads each database form', () => {
    expect(parseConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ kind: 'sqlite', path: ':memory:', synchronous: 'full' });
    expect(parseConfig({ DATABASE_URL: 'sqlite:/var/lib/abm/x.db', SQLITE_SYNCHRONOUS: 'normal' }).database).toEqual({
      kind: 'sqlite',
      path: '/var/lib/abm/x.db',
      synchronous: 'normal',
    });
    expect(() => parseConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(/SQLITE_SYNCHRONOUS: must be "full"/);
    expect(parseConfig({ DATABASE_URL: 'postgres://u@db:5432/abm' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/abm' });
  });

  it('treats empty values as unset and trims a trailing slash off PUBLIC_URL', () => {
    const c = parseConfig({ PORT: '', ADMIN_TOKEN: '', PUBLIC_URL: 'https://abm.example.com/' });
    expect(c.port).toBe(8787);
    expect(c.adminToken).toBeUndefined();
    expect(c.publicUrl).toBe('https://abm.example.com');
  });

  it('reads RETENTION_DAYS, 395 by default, 0 for forever', () => {
    expect(parseConfig({}).retentionDays).toBe(395);
    expect(parseConfig({ RETENTION_DAYS: '0' }).retentionDays).toBe(0);
    expect(() => parseConfig({ RETENTION_DAYS: '-3' })).toThrow(/RETENTION_DAYS/);
  });

  it('reads scoring: points per action, patterns, role weights, half-life and stage thresholds, with defaults', () => {
    const d = parseConfig({}).scoring;
    expect(d.rules.points).toEqual({ pageView: 1, pricingView: 2, download: 3, form: 5, demoForm: 8 });
    expect(d.reading).toEqual({ weights: { c_level: 2, vp: 1.5, director: 1.25, manager: 1, other: 0.5 }, halfLifeDays: 30 });
    expect(d.stages).toEqual({ engagedScore: 10, engagedDays: 3, mqaScore: 30, windowDays: 30 });
    const c = parseConfig({ SCORE_POINTS: 'page_view=0.5, demo_form=20', ROLE_WEIGHTS: 'other=1', PRICING_PATTERN: '/kosten', SCORE_HALF_LIFE_DAYS: '14', MQA_SCORE: '50' }).scoring;
    expect(c.rules.points).toMatchObject({ pageView: 0.5, pricingView: 2, demoForm: 20 });
    expect(c.rules.pricingPattern.test('/DE/Kosten')).toBe(true);
    expect(c.reading).toMatchObject({ weights: { other: 1, c_level: 2 }, halfLifeDays: 14 });
    expect(c.stages.mqaScore).toBe(50);
    expect(() => parseConfig({ SCORE_POINTS: 'webinar=3', ROLE_WEIGHTS: 'vp=-1', DEMO_FORM_PATTERN: '(' })).toThrow(
      /SCORE_POINTS: "webinar" is not one of.*\n.*ROLE_WEIGHTS: vp must be a number ≥ 0.*\n.*DEMO_FORM_PATTERN: not a regular expression/s,
    );
  });

  it('reads IP_STORAGE, truncating by default', () => {
    expect(parseConfig({}).ipStorage).toBe('truncate');
    expect(parseConfig({ IP_STORAGE: 'hash' }).ipStorage).toBe('hash');
    expect(() => parseConfig({ IP_STORAGE: 'raw' })).toThrow(/IP_STORAGE: must be "truncate"/);
  });

  it('reports every problem at once, each naming its variable', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ADMIN_TOKEN: 'short', PUBLIC_URL: 'abm.example.com' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_TOKEN', 'PUBLIC_URL']) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toMatch(/sqlite:PATH/);
  });
});

describe('npm run collector', () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill(), 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, stderr });
      });
    });

  it('refuses bad configuration with a clear message and exit code 2', async () => {
    const { code, stderr } = await run({ PORT: '99999', DATABASE_URL: 'redis://localhost' });
    expect(code).toBe(2);
    expect(stderr).toContain('invalid configuration');
    expect(stderr).toMatch(/PORT: must be a port number, 1 to 65535/);
    expect(stderr).toMatch(/DATABASE_URL: must be sqlite:PATH/);
  });

  it('says so when the database cannot be reached', async () => {
    const { code, stderr } = await run({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PORT: '18799' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot start: .*(unreachable|refused)/);
  });
});
