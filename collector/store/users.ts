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

/** Removes a user and signs out their browsers; says whether there was one. */
export async function deleteUser(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dashboard_sessions').where('user_id', '=', id).execute();
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
