import type { Kysely } from 'kysely';
import type { Database, DashboardSessionsTable, UsersTable } from './types.js';

/** Someone who signs in to the dashboard with an e-mail and a password; an admin creates them. */
export interface User {
  id: string;
  email: string;
  name: string | null;
  role: 'admin' | 'viewer';
  /** scrypt parameters, salt and hash, as the dashboard's password module writes them; never shown. */
  passwordHash: string;
  createdAt: number;
}

/** A signed-in dashboard browser. The cookie carries a random id; only its SHA-256 is kept. */
export interface DashboardSession {
  idHash: string;
  /** null when signed in with ADMIN_TOKEN. */
  userId: string | null;
  role: 'admin' | 'viewer';
  /** The token every form and cookie-authenticated API write must carry. */
  csrf: string;
  createdAt: number;
  expiresAt: number;
}

const toUser = (r: UsersTable): User => ({
  id: r.id, email: r.email, name: r.name, role: r.role === 'admin' ? 'admin' : 'viewer', passwordHash: r.password_hash, createdAt: Number(r.created_at),
});
const toSession = (r: DashboardSessionsTable): DashboardSession => ({
  idHash: r.id_hash, userId: r.user_id, role: r.role === 'admin' ? 'admin' : 'viewer', csrf: r.csrf, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
});

export async function createUser(db: Kysely<Database>, u: User): Promise<User> {
  await db.insertInto('users').values({ id: u.id, email: u.email.toLowerCase(), name: u.name, role: u.role, password_hash: u.passwordHash, created_at: u.createdAt }).execute();
  return { ...u, email: u.email.toLowerCase() };
}

export async function findUser(db: Kysely<Database>, by: { email?: string; id?: string }): Promise<User | undefined> {
  let q = db.selectFrom('users').selectAll();
  if (by.id !== undefined) q = q.where('id', '=', by.id);
  else if (by.email !== undefined) q = q.where('email', '=', by.email.toLowerCase());
  else return undefined;
  const row = await q.executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser);
}

/** Removes a user, signs out their browsers and revokes their API tokens; says whether there was one. */
export async function deleteUser(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dashboard_sessions').where('user_id', '=', id).execute();
    await trx.deleteFrom('api_tokens').where('user_id', '=', id).execute();
    const r = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  });
}

export async function createDashboardSession(db: Kysely<Database>, s: DashboardSession): Promise<void> {
  await db
    .insertInto('dashboard_sessions')
    .values({ id_hash: s.idHash, user_id: s.userId, role: s.role, csrf: s.csrf, created_at: s.createdAt, expires_at: s.expiresAt })
    .execute();
}

/** The session whose id hashes to this, unless it has expired (expired ones are cleared as they are met). */
export async function findDashboardSession(db: Kysely<Database>, idHash: string, now: number): Promise<DashboardSession | undefined> {
  const row = await db.selectFrom('dashboard_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return undefined;
  if (Number(row.expires_at) <= now) {
    await db.deleteFrom('dashboard_sessions').where('expires_at', '<=', now).execute();
    return undefined;
  }
  return toSession(row);
}

export async function deleteDashboardSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('id_hash', '=', idHash).execute();
}

/** A bearer token for the admin API, made for a user: only its SHA-256 is kept; it acts with the user's role. */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export async function createApiToken(db: Kysely<Database>, t: ApiToken): Promise<void> {
  await db.insertInto('api_tokens').values({ id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt, last_used_at: t.lastUsedAt }).execute();
}

export async function listApiTokens(db: Kysely<Database>): Promise<ApiToken[]> {
  return (await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute()).map((r) => ({
    id: r.id, userId: r.user_id, name: r.name, tokenHash: r.token_hash, createdAt: Number(r.created_at), lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  }));
}

/** The user behind a token's hash (and marks it used), or undefined. */
export async function userOfApiToken(db: Kysely<Database>, tokenHash: string, now: number): Promise<User | undefined> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 'u.id', 'u.email', 'u.name', 'u.role', 'u.password_hash', 'u.created_at'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  // Last use to the minute is enough, and spares a write per request.
  if (row.last_used_at === null || Number(row.last_used_at) < now - 60_000) await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  return toUser({ id: row.id, email: row.email, name: row.name, role: row.role, password_hash: row.password_hash, created_at: row.created_at });
}

export async function deleteApiToken(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
