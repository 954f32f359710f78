import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../collector/http/openapi.js';
import { testApp } from '../helpers.js';

/**
 * docs/api.md, the API reference a user reads, and GET /api/openapi.json agree: the same routes
 * (method and path), and where a route takes a JSON body or query parameters, the same names.
 * The page's convention: a route is a heading `### \`METHOD /path\``; under it a table whose
 * first column is headed `field` lists the body's fields (`a.b` for a nested one), `event field`
 * the fields of each event of /v1/events, and `parameter` the query parameters.
 */
type Json = Record<string, any>;
const doc = openApiDocument() as Json;
const page = readFileSync(join(process.cwd(), 'docs/api.md'), 'utf8');

interface Section {
  route: string;
  tables: Map<string, string[]>;
}

function sections(markdown: string): Section[] {
  const out: Section[] = [];
  for (const part of markdown.split(/^### /m).slice(1)) {
    const heading = /^`(GET|POST|PUT|PATCH|DELETE) (\S+)`\s*$/m.exec(part.split('\n')[0]!);
    if (!heading) continue;
    const tables = new Map<string, string[]>();
    let kind: string | undefined;
    for (const line of part.split('\n').slice(1)) {
      if (!line.startsWith('|')) {
        kind = undefined;
        continue;
      }
      const first = line.split('|')[1]!.trim();
      if (kind === undefined) {
        kind = first;
        tables.set(kind, [...(tables.get(kind) ?? [])]);
      } else if (!/^-+$/.test(first)) {
        tables.get(kind)!.push(...[...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
      }
    }
    out.push({ route: `${heading[1]} ${heading[2]}`, tables });
  }
  return out;
}

const operations = () =>
  Object.entries(doc.paths as Json).flatMap(([path, ops]) => Object.entries(ops as Json).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op: op as Json })));

/** Property names of an object schema, through anyOf/oneOf (the union of their members) and arrays (their items). */
function properties(schema: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  if (!schema) return out;
  if (schema.type === 'array') return properties(schema.items);
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const [k, v] of properties(member)) out.set(k, v);
  for (const [k, v] of Object.entries(schema.properties ?? {})) out.set(k, v as Json);
  return out;
}

const jsonBody = (op: Json): Json | undefined => op.requestBody?.content?.['application/json']?.schema;
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe('docs/api.md and GET /api/openapi.json', () => {
  const documented = sections(page);
  const byRoute = new Map(documented.map((s) => [s.route, s]));

  it('document the same routes, and every route the collector serves', async () => {
    expect(documented.length).toBeGreaterThan(30);
    expect(sorted(byRoute.keys())).toEqual(sorted(operations().map((o) => o.route)));
    const t = await testApp();
    const served = t.app.routes
      .filter((r) => /^\/(v1|api)\/|^\/healthz$/.test(r.path) && !['ALL', 'OPTIONS'].includes(r.method) && !r.path.includes('*'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const route of served) expect(byRoute.has(route), `${route} is served but not in docs/api.md`).toBe(true);
  });

  it.each(operations().map((o) => [o.route, o.op] as const))('%s: the same body fields and query parameters', (route, op) => {
    const section = byRoute.get(route)!;
    const query = (op.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name as string);
    expect({ route, parameters: sorted(section.tables.get('parameter') ?? []) }).toEqual({ route, parameters: sorted(query) });

    const body = route === 'POST /v1/events' ? op.requestBody.content['application/json'].schema : jsonBody(op);
    const fields = properties(body);
    const listed = section.tables.get('field') ?? [];
    expect({ route, fields: sorted(listed.map((f) => f.split('.')[0]!)) }).toEqual({ route, fields: sorted(fields.keys()) });
    // A nested field the page lists is one the schema has.
    for (const f of listed.filter((f) => f.includes('.'))) {
      const [outer, inner] = f.split('.') as [string, string];
      expect(properties(fields.get(outer)).has(inner), `${route}: ${f} is not in the OpenAPI schema`).toBe(true);
    }
    if (route === 'POST /v1/events') {
      const event = properties(body.properties.events.items);
      expect(sorted(section.tables.get('event field') ?? [])).toEqual(sorted(event.keys()));
    }
  });

  it('the README links to the page and to no file outside the repository', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    expect(readme).toContain('docs/api.md');
    expect(readme).not.toMatch(/shared documents|CONTRACT\.md|\.\.\/shared/);
  });
});
