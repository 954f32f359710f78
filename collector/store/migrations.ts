import { type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter, SqliteAdapter, sql } from 'kysely';

/**
 * Migrations, oldest first. The same schema builder code serves SQLite and PostgreSQL:
 * only portable column types (text, bigint, integer) are used. Never edit a shipped
 * migration; add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_sites_and_events': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('origins', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('visitor', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('referrer', 'text')
        .addColumn('props', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('bot', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addPrimaryKeyConstraint('events_pk', ['site_id', 'id'])
        .execute();
      await db.schema
        .createIndex('events_site_received')
        .on('events')
        .columns(['site_id', 'received_at'])
        .execute();
      await db.schema.createIndex('events_received').on('events').column('received_at').execute();
    },
  },
  '0002_event_session': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('events').addColumn('session', 'text').execute();
    },
  },
  '0003_site_server_side': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sites').addColumn('server_side', 'integer', (c) => c.notNull().defaultTo(sql`0`)).execute();
    },
  },
  '0004_sessions': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sessions')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('visitor', 'text')
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addColumn('landing_url', 'text')
        .addColumn('referrer', 'text')
        .addColumn('utm_source', 'text')
        .addColumn('utm_medium', 'text')
        .addColumn('utm_campaign', 'text')
        .addColumn('utm_term', 'text')
        .addColumn('utm_content', 'text')
        .addColumn('click_id', 'text')
        .addColumn('ad_network', 'text')
        .addColumn('page_views', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('events', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('bot', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addPrimaryKeyConstraint('sessions_pk', ['site_id', 'id'])
        .execute();
      await db.schema.createIndex('sessions_visitor').on('sessions').columns(['site_id', 'visitor', 'last_seen']).execute();
      await db.schema.createIndex('sessions_started').on('sessions').columns(['site_id', 'started_at']).execute();
    },
  },
  '0005_ip_salts': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('ip_salts')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('salt', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0006_visitors': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('visitors')
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addColumn('events', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('email_domain', 'text')
        .addColumn('email_hash', 'text')
        .addColumn('job_title', 'text')
        .addColumn('company', 'text')
        .addColumn('bot', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addPrimaryKeyConstraint('visitors_pk', ['site_id', 'id'])
        .execute();
      await db.schema.createIndex('visitors_email_hash').on('visitors').column('email_hash').execute();
      await db.schema.createIndex('events_visitor').on('events').columns(['visitor', 'ts']).execute();
    },
  },
  '0007_accounts_and_rollups': {
    async up(db: Kysely<any>) {
      // What enrichment learned about each event's network, and the account it credits.
      for (const [name, type] of [
        ['network_class', 'text'],
        ['organization', 'text'],
        ['network_domain', 'text'],
        ['network_source', 'text'],
        ['network_confidence', 'double precision'],
        ['account_id', 'text'],
      ] as const) {
        await db.schema.alterTable('events').addColumn(name, type).execute();
      }
      // "One account's timeline".
      await db.schema.createIndex('events_account_ts').on('events').columns(['account_id', 'ts']).execute();
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.unique())
        /** normaliseName(name): the key names are matched on. */
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('target', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('tier', 'text')
        .addColumn('owner', 'text')
        .addColumn('stage', 'text', (c) => c.notNull().defaultTo('unaware'))
        .addColumn('stage_changed_at', 'bigint')
        .addColumn('first_seen', 'bigint')
        .addColumn('last_seen', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_name_key').on('accounts').column('name_key').execute();
      await db.schema.createIndex('accounts_last_seen').on('accounts').column('last_seen').execute();
      // Per account, site and UTC day, kept current as events are written; kept when raw events expire.
      await db.schema
        .createTable('account_days')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('events', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('page_views', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('forms', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('engaged_ms', 'bigint', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('visitors', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('sessions', 'integer', (c) => c.notNull().defaultTo(sql`0`))
        .addColumn('first_ts', 'bigint', (c) => c.notNull())
        .addColumn('last_ts', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_days_pk', ['account_id', 'site_id', 'day'])
        .execute();
      // "Accounts by engagement over a date range": a range of days, grouped by account.
      await db.schema.createIndex('account_days_day').on('account_days').columns(['day', 'account_id']).execute();
      // Which visitors (v:…) and sessions (s:…) a day of an account has already counted.
      await db.schema
        .createTable('account_day_keys')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_day_keys_pk', ['account_id', 'site_id', 'day', 'member'])
        .execute();
    },
  },
  '0008_identification': {
    async up(db: Kysely<any>) {
      // How the event's account was found: its own e-mail domain, its network, or its visitor's earlier e-mail.
      await db.schema.alterTable('events').addColumn('account_via', 'text').execute();
      // The account a visitor's business e-mail tied them to; it wins over what their network says.
      await db.schema.alterTable('visitors').addColumn('account_id', 'text').execute();
      // Networks credited to accounts: listed by the user, or learned from form fills.
      await db.schema
        .createTable('account_ranges')
        .addColumn('cidr', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_ranges_pk', ['cidr', 'domain'])
        .execute();
      // Why a range may be learned: a person (e-mail hash, else visitor) of a domain filled a form from a network.
      await db.schema
        .createTable('range_evidence')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('range_evidence_pk', ['network', 'domain', 'person'])
        .execute();
    },
  },
  '0009_session_channels': {
    async up(db: Kysely<any>) {
      // GA4's channel group of the session's landing, with the source and medium it came from,
      // and the account the session credits (for channel breakdowns by account).
      for (const name of ['channel', 'source', 'medium', 'account_id']) {
        await db.schema.alterTable('sessions').addColumn(name, 'text').execute();
      }
      await db.schema.createIndex('sessions_started_all').on('sessions').column('started_at').execute();
    },
  },
  '0010_scores': {
    async up(db: Kysely<any>) {
      // What an event is worth before role weight and recency, and the sender's seniority level.
      await db.schema.alterTable('events').addColumn('points', 'double precision').execute();
      await db.schema.alterTable('events').addColumn('role_level', 'text').execute();
      await db.schema.alterTable('visitors').addColumn('role_level', 'text').execute();
      // Points per seniority level: role weights are applied when read, so changing them needs no recount.
      for (const level of ['c_level', 'vp', 'director', 'manager', 'other']) {
        await db.schema.alterTable('account_days').addColumn(`points_${level}`, 'double precision', (c) => c.notNull().defaultTo(sql`0`)).execute();
      }
    },
  },
  '0011_stage_changes': {
    async up(db: Kysely<any>) {
      // Every stage transition with its time: engagement's (auto) and the CRM's (api, csv).
      await db.schema
        .createTable('stage_changes')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('from_stage', 'text', (c) => c.notNull())
        .addColumn('to_stage', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('stage_changes_account').on('stage_changes').columns(['account_id', 'at']).execute();
      await db.schema.createIndex('stage_changes_at').on('stage_changes').column('at').execute();
    },
  },
  '0012_account_sessions': {
    async up(db: Kysely<any>) {
      // One account's sessions (its timeline and touch attribution) without walking every session of the period.
      await db.schema.createIndex('sessions_account_started').on('sessions').columns(['account_id', 'started_at']).execute();
    },
  },
  '0013_account_days_covering': {
    async up(db: Kysely<any>) {
      // The account list reads a range of days of every account: with what it sums in the index, it never visits the table.
      await db.schema
        .createIndex('account_days_range')
        .on('account_days')
        .columns(['day', 'account_id', 'sessions', 'page_views', 'points_c_level', 'points_vp', 'points_director', 'points_manager', 'points_other'])
        .execute();
      await db.schema.dropIndex('account_days_day').execute();
    },
  },
  '0014_dashboard_users': {
    async up(db: Kysely<any>) {
      // People who sign in to the dashboard with a password, and signed-in browsers (a hashed cookie id each).
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dashboard_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dashboard_sessions_user').on('dashboard_sessions').column('user_id').execute();
      await db.schema.createIndex('dashboard_sessions_expiry').on('dashboard_sessions').column('expires_at').execute();
    },
  },
  '0015_alerts': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('settings').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
      await db.schema
        .createTable('alert_destinations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('owner', 'text')
        .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alert_triggers')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alert_throttle')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('alert_throttle_pk', ['account_id', 'rule'])
        .execute();
      await db.schema
        .createTable('alert_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('destination_id', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addUniqueConstraint('alert_outbox_key_destination', ['key', 'destination_id'])
        .execute();
      await db.schema.createIndex('alert_outbox_due').on('alert_outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('alert_outbox_destination').on('alert_outbox').columns(['destination_id', 'status']).execute();
    },
  },
  '0016_api_tokens': {
    async up(db: Kysely<any>) {
      // Bearer tokens for the admin API made for users (the contract's "token created for a user"); only hashes are kept.
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    },
  },
  '0017_account_totals': {
    async up(db: Kysely<any>) {
      // Running totals per account and day, so a range of days reads a few rows per account (account-totals.ts).
      let t = db.schema
        .createTable('account_totals')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('day_idx', 'integer', (c) => c.notNull());
      for (const c of ['sessions', 'page_views', 'new_visitors', 'cum_sessions', 'cum_page_views', 'cum_new_visitors']) t = t.addColumn(c, 'bigint', (col) => col.notNull());
      t = t.addColumn('cum_days', 'integer', (c) => c.notNull());
      for (const l of TOTAL_LEVELS) t = t.addColumn(`points_${l}`, 'double precision', (c) => c.notNull()).addColumn(`decayed_${l}`, 'double precision', (c) => c.notNull());
      t = t.addPrimaryKeyConstraint('account_totals_pk', ['account_id', 'day']);
      // SQLite: the rows live in the key's b-tree, so a lookup by account and day is one search, not two.
      await (db.getExecutor().adapter instanceof SqliteAdapter ? t.modifyEnd(sql`WITHOUT ROWID`) : t).execute();
      const latest: [string, 'text' | 'integer' | 'bigint' | 'double precision'][] = [
        ['totals_first_day', 'text'], ['totals_day', 'text'], ['totals_day_idx', 'integer'], ['totals_sessions', 'bigint'], ['totals_page_views', 'bigint'],
        ['totals_new_visitors', 'bigint'], ['totals_days', 'integer'],
        ...TOTAL_LEVELS.map((l): [string, 'double precision'] => [`totals_decayed_${l}`, 'double precision']),
      ];
      for (const [name, type] of latest) await db.schema.alterTable('accounts').addColumn(name, type).execute();
      // Each visitor of an account (as account_day_keys names them, `v:…`) and the first day it was seen: new visitors a day.
      await db.schema
        .createTable('account_visitors')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('first_day', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_visitors_pk', ['account_id', 'member'])
        .execute();
      await db.schema.createIndex('account_visitors_first').on('account_visitors').columns(['account_id', 'first_day']).execute();
      await sql`INSERT INTO account_visitors (account_id, member, first_day)
        SELECT account_id, member, MIN(day) FROM account_day_keys WHERE member LIKE 'v:%' GROUP BY account_id, member`.execute(db);
      // Frozen: no application code. A store without history keeps totals from now on (half-life 30,
      // the default then); one with history has none yet, so the account list reads the daily
      // rollups, until the collector, at its start, builds the totals with its own half-life
      // (Store.useHalfLife, which rebuilds whenever the stored half-life is not the configured one).
      await sql`INSERT INTO settings (name, value) SELECT 'account_totals', '{"halfLifeDays":30}' WHERE NOT EXISTS (SELECT 1 FROM account_days)`.execute(db);
      // An account's people (its page and `GET /api/accounts/:id`) without reading every visitor.
      await db.schema.createIndex('visitors_account').on('visitors').columns(['account_id', 'last_seen']).execute();
    },
  },
  '0018_channel_rollups': {
    async up(db: Kysely<any>) {
      // The channel breakdown's rollups (channel-rollups.ts): sessions per site, channel and day;
      // each member's days per channel with the day before; and how many member days have each pair.
      // SQLite: rows live in the key's b-tree (one b-tree to write and read, not two).
      const clustered = (t: CreateTableBuilder<string, never>) => (db.getExecutor().adapter instanceof SqliteAdapter ? t.modifyEnd(sql`WITHOUT ROWID`) : t);
      await db.schema
        .createTable('channel_days')
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('sessions', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_days_pk', ['site_id', 'channel', 'day'])
        .$call(clustered)
        .execute();
      await db.schema
        .createTable('channel_members')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('prev_day', 'text')
        .addColumn('sessions', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_members_pk', ['scope', 'channel', 'member', 'day'])
        .$call(clustered)
        .execute();
      await db.schema
        .createTable('channel_counts')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('prev_day', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_counts_pk', ['scope', 'channel', 'kind', 'day', 'prev_day'])
        .$call(clustered)
        .execute();
      // Target accounts, read without visiting every account.
      await db.schema.createIndex('accounts_target').on('accounts').columns(['target', 'id']).execute();
      // What the rollups last counted for each session.
      for (const name of ['counted_day', 'counted_channel', 'counted_visitor', 'counted_account']) {
        await db.schema.alterTable('sessions').addColumn(name, 'text').execute();
      }
      // A store with history counts its sessions now, a day at a time (epoch ms to a UTC day is no portable SQL).
      const span = await db
        .selectFrom('sessions')
        .select((e) => [e.fn.min('started_at').as('first'), e.fn.max('started_at').as('last')])
        .executeTakeFirst();
      if (span?.first == null) return;
      const DAY = 86_400_000;
      for (let t = Math.floor(Number(span.first) / DAY) * DAY; t <= Number(span.last); t += DAY) {
        const day = new Date(t).toISOString().slice(0, 10);
        await sql`UPDATE sessions SET counted_day = ${day}, counted_channel = COALESCE(channel, 'Unassigned'), counted_visitor = visitor, counted_account = account_id
          WHERE bot = 0 AND started_at >= ${t} AND started_at < ${t + DAY}`.execute(db);
      }
      await sql`INSERT INTO channel_days (site_id, channel, day, sessions)
        SELECT site_id, counted_channel, counted_day, COUNT(*) FROM sessions WHERE counted_day IS NOT NULL GROUP BY site_id, counted_channel, counted_day`.execute(db);
      await sql`INSERT INTO channel_members (scope, channel, member, day, prev_day, sessions)
        SELECT scope, channel, member, day, LAG(day) OVER (PARTITION BY scope, channel, member ORDER BY day), n FROM (
          SELECT site_id AS scope, counted_channel AS channel, 'v:' || counted_visitor AS member, counted_day AS day, COUNT(*) AS n
            FROM sessions WHERE counted_day IS NOT NULL AND counted_visitor IS NOT NULL GROUP BY site_id, counted_channel, counted_visitor, counted_day
          UNION ALL
          SELECT site_id, counted_channel, 'a:' || counted_account, counted_day, COUNT(*)
            FROM sessions WHERE counted_day IS NOT NULL AND counted_account IS NOT NULL GROUP BY site_id, counted_channel, counted_account, counted_day
          UNION ALL
          SELECT '*', counted_channel, 'a:' || counted_account, counted_day, COUNT(*)
            FROM sessions WHERE counted_day IS NOT NULL AND counted_account IS NOT NULL GROUP BY counted_channel, counted_account, counted_day
        ) x`.execute(db);
      await sql`INSERT INTO channel_counts (scope, channel, kind, day, prev_day, n)
        SELECT scope, channel, SUBSTR(member, 1, 1), day, COALESCE(prev_day, ''), COUNT(*) FROM channel_members
        GROUP BY scope, channel, SUBSTR(member, 1, 1), day, COALESCE(prev_day, '')`.execute(db);
    },
  },
  '0019_site_keys_and_deletion': {
    async up(db: Kysely<any>) {
      // Key rotation: the key before the last rotation keeps working until its time is up.
      await db.schema.alterTable('sites').addColumn('previous_key', 'text').execute();
      await db.schema.alterTable('sites').addColumn('previous_key_expires_at', 'bigint').execute();
      await db.schema.createIndex('sites_previous_key').on('sites').column('previous_key').execute();
      // Deletion: a site being deleted takes no events while its data goes, page by page.
      await db.schema.alterTable('sites').addColumn('deleted_at', 'bigint').execute();
    },
  },
  '0021_reverse_dns': {
    async up(db: Kysely<any>) {
      // Why a network was credited by reverse DNS: the PTR name and when it was checked (the range
      // itself is an account_ranges row of source 'reverse-dns'). The address is never kept.
      await db.schema
        .createTable('reverse_dns')
        .addColumn('network', 'text', (c) => c.primaryKey())
        .addColumn('ptr', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reverse_dns_account').on('reverse_dns').columns(['account_id', 'checked_at']).execute();
    },
  },
  '0022_identification_report': {
    async up(db: Kysely<any>) {
      // The network class of a session's first event, kept on the session as its landing page is,
      // so the identification report reads sessions alone instead of looking up every session's events.
      await db.schema.alterTable('sessions').addColumn('network_class', 'text').execute();
      // One pass over the events, each finding its session by key (UPDATE … FROM: SQLite 3.33+, PostgreSQL).
      await sql`UPDATE sessions SET network_class = e.network_class FROM events AS e
        WHERE e.site_id = sessions.site_id AND e.session = sessions.id AND e.ts = sessions.started_at AND e.network_class IS NOT NULL`.execute(db);
      // The report groups counted (human) sessions by day, class and account straight from these,
      // in index order: no sort and no visit to the table, for one site or for all.
      await db.schema.createIndex('sessions_identification').on('sessions').columns(['site_id', 'counted_day', 'network_class', 'counted_account']).execute();
      await db.schema.createIndex('sessions_identification_all').on('sessions').columns(['counted_day', 'network_class', 'counted_account']).execute();
    },
  },
  '0023_target_networks': {
    async up(db: Kysely<any>) {
      // Where an account is: the target list's country, or the one its network is registered in.
      await db.schema.alterTable('accounts').addColumn('country', 'text').execute();
      await db.schema.createIndex('accounts_country').on('accounts').columns(['country', 'id']).execute();
      // A person's word on a target's candidate network (an AS): confirmed, it credits the target;
      // rejected, it never does, whatever the evidence says later.
      await db.schema
        .createTable('network_decisions')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('asn', 'bigint', (c) => c.notNull())
        .addColumn('organization', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('network_decisions_pk', ['account_id', 'asn'])
        .execute();
    },
  },
};

const TOTAL_LEVELS = ['c_level', 'vp', 'director', 'manager', 'other'] as const;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date. Safe to call from several processes: Kysely takes a lock. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // PostgreSQL: Kysely's own tables are looked for in our schema only. Without it, the same tables
  // in any other schema of the database (another app's, or another store's) count as ours.
  const schema = db.getExecutor().adapter instanceof PostgresAdapter
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const { error, results } = await new Migrator({ db, provider, ...(schema && { migrationTableSchema: schema }) }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
