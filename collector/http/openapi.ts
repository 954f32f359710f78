import { Hono } from 'hono';
import { z } from 'zod';
import { Envelope, IncomingEvent, KeyRotation, NewSiteRequest, SiteUpdate } from '../schema/index.js';
import { STAGES, TARGET_COLUMNS, TIERS } from '../accounts/index.js';
import { AccountsQuery } from './accounts.js';
import { AttributionQuery, CampaignsQuery } from './attribution.js';
import { EventsQuery } from './admin-events.js';
import { ContentQuerySchema } from './content.js';
import { IdentificationQuery } from './identification-report.js';
import { IsoDay } from './date-range.js';
import { ErasureSubject } from './erasure.js';
import { KpisQuery } from './kpis.js';
import { AlertSettingsUpdate, AlertsQuery } from './alerts.js';
import { NewDestination } from '../notify/index.js';

type Json = Record<string, unknown>;

/** The JSON Schema of what a zod schema accepts (its input side: before transforms). */
const schema = (s: z.ZodType): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

/** Query parameters from a zod object, one per property. */
function parameters(s: z.ZodObject): Json[] {
  const json = schema(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, p]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: p }));
}

const DateQuery = z.object({ from: IsoDay.optional(), to: IsoDay.optional() });
const ErrorReply = { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } }, required: ['error'] };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'an error with a code and a message that says what to fix', content: { 'application/json': { schema: ErrorReply } } }]));
const ok = (description: string) => ({ '200': { description, content: { 'application/json': {} } } });
const admin = { security: [{ bearer: [] }] };
const csvBody = (header: string) => ({ 'text/csv': { schema: { type: 'string', description: `CSV with the header ${header} (or none, the columns in that order); separated by commas, semicolons or tabs` } } });
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: `the ${what}'s id` });
const formatParam = { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'] } };

const SITE_VIEW = '{id, key, name, origins, server_side, created_at, snippet, previous_key?, previous_key_expires_at?}';
const TIER_TEXT = `one of ${TIERS.map((t) => t.tier).join(', ')} (also written "Tier 1" or "T1"); empty for none`;

/** A row of the target list as JSON: the CSV's columns, every one optional but a domain or a name. */
const targetRow = {
  type: 'object',
  properties: {
    domain: { type: 'string', description: 'the company\'s web domain; kept as its registrable domain' },
    name: { type: 'string', description: 'the company\'s name (the domain when left out)' },
    tier: { anyOf: [{ type: 'string' }, { type: 'integer' }], description: TIER_TEXT },
    owner_email: { type: 'string', description: 'the account owner\'s e-mail address (alerts go to their destination)' },
    aliases: { anyOf: [{ type: 'string', description: 'separated by ; or |' }, { type: 'array', items: { type: 'string' } }], description: 'other names and domains the company goes by' },
    country: { type: 'string', description: 'where the company is based: an ISO-3166 alpha-2 code (DE) or an English country name (Germany); evidence when networks are matched' },
    ...Object.fromEntries(Object.entries(TARGET_COLUMNS.synonyms).map(([alias, column]) => [alias, { type: 'string', description: `the same as ${column}` }])),
    ...Object.fromEntries(TARGET_COLUMNS.ignored.map((c) => [c, { type: 'string', description: 'the export\'s column: read and left alone' }])),
  },
  additionalProperties: false,
};
const stageRow = {
  type: 'object',
  properties: { domain: { type: 'string' }, stage: { type: 'string', enum: [...STAGES] }, reason: { type: 'string' } },
  required: ['domain', 'stage'],
};

/** OpenAPI 3.1 of the Events API and the admin API, built from the zod schemas the routes validate with. */
export function openApiDocument(): Json {
  const envelope = schema(Envelope) as { properties: Record<string, Json> };
  envelope.properties.events = { ...envelope.properties.events, items: schema(IncomingEvent) };
  return {
    openapi: '3.1.0',
    info: { title: 'Open ABM collector', version: '1', description: 'Events API (the tag and server-side senders) and admin API (Bearer ADMIN_TOKEN).' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/v1/events': {
        post: {
          summary: 'Send a batch of events; each is validated on its own',
          requestBody: { required: true, content: { 'application/json': { schema: envelope }, 'text/plain': { schema: envelope } } },
          responses: {
            '202': {
              description: 'stored: counts of accepted and duplicate events, and each rejected index with a code and message',
              content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, rejected: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } } } } } } } },
            },
            ...errors(400, 403, 404, 413, 415, 429, 503),
          },
        },
      },
      '/api/sites': {
        post: { ...admin, summary: 'Create a site', requestBody: { content: { 'application/json': { schema: schema(NewSiteRequest) } } }, responses: { '201': { description: SITE_VIEW, content: { 'application/json': {} } }, ...errors(400, 401) } },
        get: { ...admin, summary: 'List sites (?format=csv)', parameters: [formatParam], responses: { ...ok(`{sites: [${SITE_VIEW}]}`), ...errors(401) } },
      },
      '/api/sites/{id}': {
        get: { ...admin, summary: 'One site', parameters: [idParam('site')], responses: { ...ok(SITE_VIEW), ...errors(401, 404) } },
        patch: { ...admin, summary: 'Change a site: any of name, origins, server_side', parameters: [idParam('site')], requestBody: { content: { 'application/json': { schema: schema(SiteUpdate) } } }, responses: { ...ok(SITE_VIEW), ...errors(400, 401, 404) } },
        delete: {
          ...admin,
          summary: 'Delete a site with its events and everything derived from them (page by page; run again to finish an interrupted one)',
          parameters: [idParam('site')],
          responses: { ...ok('{deleted: {site: {id, name}, events, sessions, visitors, account_days, account_day_keys, accounts_recounted}}'), ...errors(401, 404) },
        },
      },
      '/api/sites/{id}/rotate-key': {
        post: {
          ...admin,
          summary: 'A new key for a site; the old one keeps working for grace_hours (24 by default, at most 720), then is refused',
          parameters: [idParam('site')],
          requestBody: { required: false, content: { 'application/json': { schema: schema(KeyRotation) } } },
          responses: { ...ok(`${SITE_VIEW} with the new key and snippet, and the old key as previous_key`), ...errors(400, 401, 404) },
        },
      },
      '/api/events': { get: { ...admin, summary: 'Newest raw events with what enrichment added', parameters: parameters(EventsQuery), responses: { ...ok('{events: […]}'), ...errors(400, 401, 404) } } },
      '/api/erasure': { post: { ...admin, summary: "A data subject's erasure", requestBody: { content: { 'application/json': { schema: schema(ErasureSubject) } } }, responses: { ...ok('{visitors, events, sessions}'), ...errors(400, 401) } } },
      '/api/target-accounts': {
        post: {
          ...admin,
          summary: 'Import the target list, a report per row',
          requestBody: { content: { ...csvBody(TARGET_COLUMNS.names.join(',')), 'application/json': { schema: { type: 'array', items: targetRow } } } },
          responses: { ...ok('{created, updated, errors, rows: [{row, line?, status, id?, domain?, name?, networks?: {credited, candidates}, message?, problems?: [{field, message}]}]}'), ...errors(400, 401, 413) },
        },
        get: { ...admin, summary: 'The target list (?format=csv)', parameters: [formatParam], responses: { ...ok('{accounts: [{id, name, domain, tier, owner, aliases, country, stage}]}'), ...errors(401) } },
      },
      '/api/target-accounts/{id}/candidates': {
        get: {
          ...admin,
          summary: "A target's candidate networks: every AS whose evidence comes close or that a person decided on, with the evidence and the visits seen from it",
          parameters: [idParam('target account')],
          responses: { ...ok('{target, networks: [{asn, organization, country, ipv4, score, verdict, decision, decided_by, decided_at, credits, credited_to, evidence: [{kind, weight, text}], seen: {events, sessions, last_seen}}], credited, candidates, rejected}'), ...errors(401, 404) },
        },
      },
      '/api/target-accounts/{id}/candidates/{asn}': {
        post: {
          ...admin,
          summary: "Confirm or reject one of a target's networks ({asn}: an AS number, or strong to confirm every strong candidate at once); its past events are identified again",
          parameters: [idParam('target account'), { name: 'asn', in: 'path', required: true, schema: { type: 'string' }, description: 'an AS number (64500), or strong' }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { decision: { type: 'string', enum: ['confirm', 'reject'] } }, required: ['decision'] } } } },
          responses: { ...ok('{decided: [{asn, organization, decision}], backfill: {events, changed}}'), ...errors(400, 401, 404) },
        },
      },
      '/api/account-ranges': {
        post: { ...admin, summary: 'Add networks credited to accounts', requestBody: { content: { ...csvBody('cidr,domain,name'), 'application/json': { schema: { type: 'array', items: { type: 'object', properties: { cidr: { type: 'string' }, domain: { type: 'string' }, name: { type: 'string' } } } } } } }, responses: { ...ok('{added, errors, rows}'), ...errors(400, 401) } },
        get: { ...admin, summary: 'Listed and learned ranges, with evidence', responses: { ...ok('{ranges: […]}'), ...errors(401) } },
      },
      '/api/ipdb': { get: { ...admin, summary: 'IP databases loaded', responses: { ...ok('{databases: […]}'), ...errors(401) } } },
      '/api/accounts': { get: { ...admin, summary: 'Accounts with score, visits, visitors (?format=csv)', parameters: parameters(AccountsQuery), responses: { ...ok('{accounts: […], total}'), ...errors(400, 401) } } },
      '/api/accounts/{id}': { get: { ...admin, summary: 'One account, whole', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...parameters(DateQuery)], responses: { ...ok('identity, identification, score history, stage changes, sessions, people, channels'), ...errors(400, 401, 404) } } },
      '/api/accounts/{id}/stage': { post: { ...admin, summary: 'Set an account\'s stage (the CRM)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { stage: { type: 'string', enum: ['unaware', 'aware', 'engaged', 'mqa', 'opportunity', 'customer'] }, reason: { type: 'string' } }, required: ['stage'] } } } }, responses: { ...ok('{id, stage, previous, changed}'), ...errors(400, 401, 404) } } },
      '/api/stages': { post: { ...admin, summary: 'Set stages from the CRM, a report per row', requestBody: { content: { ...csvBody('domain,stage,reason'), 'application/json': { schema: { type: 'array', items: stageRow } } } }, responses: { ...ok('{changed, unchanged, errors, rows}'), ...errors(400, 401) } } },
      '/api/kpis': { get: { ...admin, summary: 'Funnel, activity, reach, uplift, stage progression, candidates', parameters: parameters(KpisQuery), responses: { ...ok('{target_accounts, aware, awareness_rate, …}'), ...errors(400, 401) } } },
      '/api/channels': { get: { ...admin, summary: 'Sessions by GA4 channel (?format=csv)', parameters: [...parameters(DateQuery), { name: 'site', in: 'query', required: false, schema: { type: 'string' }, description: 'a site id or key' }, formatParam], responses: { ...ok('{from, to, channels: [{channel, sessions, visitors, accounts, target_accounts}]}'), ...errors(400, 401, 404) } } },
      '/api/attribution': { get: { ...admin, summary: 'Channel credit across accounts and target accounts by touch model (?format=csv)', parameters: parameters(AttributionQuery), responses: { ...ok('{model, channels: [{channel, credit, target_credit}]}'), ...errors(400, 401) } } },
      '/api/campaigns': { get: { ...admin, summary: 'Campaigns by accounts and target accounts reached (?format=csv)', parameters: parameters(CampaignsQuery), responses: { ...ok('{campaigns: […]}'), ...errors(400, 401) } } },
      '/api/alerts/settings': {
        get: { ...admin, summary: 'Alert rules and noise control', responses: { ...ok('AlertSettings'), ...errors(401) } },
        put: { ...admin, summary: 'Change alert settings (a partial patch)', requestBody: { content: { 'application/json': { schema: schema(AlertSettingsUpdate) } } }, responses: { ...ok('the new AlertSettings'), ...errors(400, 401) } },
      },
      '/api/alerts/destinations': {
        get: { ...admin, summary: 'Alert destinations (Slack URLs masked)', responses: { ...ok('{destinations: […]}'), ...errors(401) } },
        post: { ...admin, summary: "Add a destination; a webhook's signing secret is returned once", requestBody: { content: { 'application/json': { schema: schema(NewDestination) } } }, responses: { '201': { description: 'the destination (and secret for webhooks)', content: { 'application/json': {} } }, ...errors(400, 401) } },
      },
      '/api/alerts/destinations/{id}': { delete: { ...admin, summary: 'Remove a destination', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'removed' }, ...errors(401, 404) } } },
      '/api/alerts/destinations/{id}/test': { post: { ...admin, summary: 'Send a test alert now', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { ...ok('{ok} or {ok: false, error}'), ...errors(401, 404, 503) } } },
      '/api/alerts': { get: { ...admin, summary: 'Newest alerts in the outbox (?format=csv)', parameters: parameters(AlertsQuery), responses: { ...ok('{alerts: […]}'), ...errors(400, 401) } } },
      '/api/alerts/{id}/retry': { post: { ...admin, summary: 'Put a dead alert back in the queue', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { ...ok('{retried: true}'), ...errors(401, 409) } } },
      '/api/identification': {
        get: {
          ...admin,
          summary: 'How much human traffic was identified: sessions by class, the share credited to an account, its trend and the previous period',
          parameters: parameters(IdentificationQuery),
          responses: {
            ...ok('{site, from, to, sessions, identified, share, bots, change, previous: {from, to, sessions, identified, share}, classes: [{class, sessions, share}], trend: [{day, sessions, identified, share}]}'),
            ...errors(400, 401, 404),
          },
        },
      },
      '/api/content': { get: { ...admin, summary: 'Pages and assets by target accounts reached (?format=csv)', parameters: parameters(ContentQuerySchema), responses: { ...ok('{content: […]}'), ...errors(400, 401, 404) } } },
      '/api/openapi.json': { get: { summary: 'This document (no token needed)', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
      '/healthz': { get: { summary: 'The collector reaches its store', responses: { '200': { description: 'ok' }, ...errors(503) } } },
    },
  };
}

/** `GET /api/openapi.json`, open to all (it describes the API, it reveals no data). */
export function openApiRoutes(): Hono {
  const app = new Hono();
  const doc = openApiDocument();
  app.get('/api/openapi.json', (c) => c.json(doc));
  return app;
}
