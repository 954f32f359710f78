import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';


/**
 * A believable history of one site, the same every time for a seed: visitors of a few companies
 * (and of an ISP, and a bot) over five weeks, sessions from several channels, pages with time
 * on page, downloads, and forms with a business e-mail that tie a visitor to its company (stitching
 * moves their earlier events). Batches come a little out of order, as offline queues replay.
 * `shared` visitor and session ids are used on every site given the same list: one browser id on
 * two sites, as the store must keep apart.
 */
export function siteHistory(siteId: string, seed: number, shared: { visitor: string; session: string }): StoredEvent[][] {
  let state = seed >>> 0 || 1;
  const rnd = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const T0 = Date.UTC(2026, 9, 1, 8);
  const DAY = 86_400_000;
  const companies = [
    { name: 'Acme', domain: 'acme.com' },
    { name: 'Globex', domain: 'globex.com' },
    { name: 'Initech', domain: 'initech.com' },
    { name: siteId.endsWith('x') ? 'Hooli' : 'Umbrella', domain: siteId.endsWith('x') ? 'hooli.com' : 'umbrella.com' },
  ];
  const ref = (c: { name: string; domain: string }, via: AccountRef['via'] = 'network'): AccountRef => ({ id: null, name: c.name, domain: c.domain, nameKey: c.name.toLowerCase(), via });
  const channels = [
    { channel: 'Organic Search', source: 'google', medium: 'organic' },
    { channel: 'Paid Social', source: 'linkedin', medium: 'paid_social' },
    { channel: 'Direct', source: '(direct)', medium: '(none)' },
    { channel: 'Email', source: 'newsletter', medium: 'email' },
  ];
  const pages = ['/', '/pricing', '/product', '/blog/abm', '/demo', '/case-studies/one'];
  const base = { siteId, name: null, title: 'Page', referrer: null, ip: '198.51.100.0', userAgent: 'UA', roleLevel: null, props: null, points: 1 };
  const batches: StoredEvent[][] = [];
  let n = 0;
  for (let v = 0; v < 14; v++) {
    const visitor = v === 0 ? shared.visitor : `${siteId}-v${v}`;
    const company = v % 7 === 6 ? null : companies[v % companies.length]!;
    const bot = v === 13;
    const network = company ? { class: 'business', organization: `${company.name} Inc.`, domain: null, source: 'account-ranges', confidence: 0.95 } : { class: 'isp', organization: 'Some ISP', domain: null, source: 'asn', confidence: 0.9 };
    const sessions = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < sessions; s++) {
      const session = v === 0 && s === 0 ? shared.session : `${siteId}-s${v}-${s}`;
      let ts = T0 + Math.floor(rnd() * 35) * DAY + Math.floor(rnd() * 8 * 3600_000);
      const batch: StoredEvent[] = [];
      const touch = pick(channels);
      const views = 1 + Math.floor(rnd() * 4);
      for (let p = 0; p < views; p++) {
        const path = pick(pages);
        const id = `${siteId}-e${++n}`;
        const account = company ? ref(company) : null;
        batch.push({ ...base, id, type: 'page_view', ts, receivedAt: ts, visitor, session, url: `https://vendor.example${path}`, bot, network, account, points: path === '/pricing' ? 2 : 1, ...(p === 0 && { touch }) });
        batch.push({ ...base, id: `${id}-en`, type: 'engagement', ts: ts + 30_000, receivedAt: ts + 30_000, visitor, session, url: `https://vendor.example${path}`, props: { view: id, visible_ms: 20_000 + Math.floor(rnd() * 60_000) }, bot, network, account, points: 0 });
        ts += 60_000;
      }
      if (rnd() < 0.3) {
        batch.push({ ...base, id: `${siteId}-e${++n}`, type: 'download', ts, receivedAt: ts, visitor, session, url: 'https://vendor.example/case-studies/one', props: { href: 'https://vendor.example/files/guide.pdf' }, bot, network, account: company ? ref(company) : null, points: 3 });
      }
      if (company && !bot && rnd() < 0.25) {
        // A form with a business e-mail: the visitor is tied to the company from now on.
        const target = rnd() < 0.3 ? companies[(v + 1) % companies.length]! : company;
        batch.push({
          ...base, id: `${siteId}-e${++n}`, type: 'form', ts: ts + 1000, receivedAt: ts + 1000, visitor, session, url: 'https://vendor.example/demo', bot: false, network,
          props: { form_id: 'demo', email_domain: target.domain, email_hash: `${visitor}-hash`.padEnd(64, '0').slice(0, 64), job_title: 'VP Marketing' },
          roleLevel: 'vp', account: ref(target, 'email'), points: 8,
        });
      }
      batches.push(batch);
    }
  }
  // Offline queues: a few batches arrive late.
  for (let i = batches.length - 1; i > 0; i--) {
    if (rnd() < 0.3) {
      const j = Math.floor(rnd() * (i + 1));
      [batches[i], batches[j]] = [batches[j]!, batches[i]!];
    }
  }
  return batches;
}
