import { touchCredit, type TouchModel, type TouchPoint } from '../attribution/index.js';
import type { Store } from '../store/index.js';
import type { ReportRange } from './range.js';

/** What the attribution and campaign reports read. */
export type SessionSource = Pick<Store, 'accountSessions'>;

/** `GET /api/attribution`'s body. */
export interface AttributionReport {
  from: string;
  to: string;
  model: TouchModel;
  accounts: number;
  target_accounts: number;
  channels: { channel: string; credit: number; target_credit: number }[];
}

/** `GET /api/campaigns`'s body. */
export interface CampaignReport {
  from: string;
  to: string;
  campaigns: { campaign: string; sessions: number; accounts: number; target_accounts: number }[];
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Each account's credit (1 in all) shared among the channels of its sessions in the period by the
 * touch model, summed per channel over all accounts and over target accounts: the channel mix.
 */
export async function attributionReport(store: SessionSource, range: ReportRange, model: TouchModel): Promise<AttributionReport> {
  const sessions = await store.accountSessions({ from: range.from, to: range.to });
  const byAccount = new Map<string, { target: boolean; touches: TouchPoint[] }>();
  for (const s of sessions) {
    let a = byAccount.get(s.accountId);
    if (!a) byAccount.set(s.accountId, (a = { target: s.target, touches: [] }));
    a.touches.push({ channel: s.channel ?? 'Unassigned', at: s.startedAt });
  }
  const totals = new Map<string, { accounts: number; targetAccounts: number }>();
  for (const a of byAccount.values()) {
    for (const { channel, credit } of touchCredit(a.touches, model)) {
      const t = totals.get(channel) ?? { accounts: 0, targetAccounts: 0 };
      t.accounts += credit;
      if (a.target) t.targetAccounts += credit;
      totals.set(channel, t);
    }
  }
  const channels = [...totals]
    .map(([channel, t]) => ({ channel, credit: round(t.accounts), target_credit: round(t.targetAccounts) }))
    .sort((a, b) => b.credit - a.credit || a.channel.localeCompare(b.channel));
  const targets = [...byAccount.values()].filter((a) => a.target).length;
  return { from: range.fromDay, to: range.toDay, model, accounts: byAccount.size, target_accounts: targets, channels };
}

/** utm_campaign over the period by sessions, accounts and target accounts reached. */
export async function campaignReport(store: SessionSource, range: ReportRange): Promise<CampaignReport> {
  const sessions = await store.accountSessions({ from: range.from, to: range.to });
  const byCampaign = new Map<string, { sessions: number; accounts: Set<string>; targets: Set<string> }>();
  for (const s of sessions) {
    if (!s.campaign) continue;
    let x = byCampaign.get(s.campaign);
    if (!x) byCampaign.set(s.campaign, (x = { sessions: 0, accounts: new Set(), targets: new Set() }));
    x.sessions += 1;
    x.accounts.add(s.accountId);
    if (s.target) x.targets.add(s.accountId);
  }
  const campaigns = [...byCampaign]
    .map(([campaign, x]) => ({ campaign, sessions: x.sessions, accounts: x.accounts.size, target_accounts: x.targets.size }))
    .sort((a, b) => b.target_accounts - a.target_accounts || b.accounts - a.accounts || a.campaign.localeCompare(b.campaign));
  return { from: range.fromDay, to: range.toDay, campaigns };
}
