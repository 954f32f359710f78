import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers.js';

describe('GET /api/openapi.json', () => {
  it('is open to all, and documents every route of the Events and admin APIs with the schemas that validate them', async () => {
    const t = await testApp();
    const res = await t.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    // Every route the app serves under /v1 and /api is in the document, with its method.
    const served = t.app.routes
      .filter((r) => /^\/(v1|api)\//.test(r.path) && r.method !== 'ALL' && r.method !== 'OPTIONS' && r.path !== '/api/openapi.json' && !r.path.includes('*'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(served.length).toBeGreaterThan(15);
    for (const route of served) expect(documented).toContain(route);
    // The events schema is the validator's: the id rule, the types, the timestamp bounds.
    const event = doc.paths['/v1/events'].post.requestBody.content['application/json'].schema.properties.events.items;
    expect(event.properties.id).toMatchObject({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
    expect(event.properties.type.enum).toContain('page_view');
    expect(event.required).toEqual(['id', 'type', 'ts', 'url']);
    const sort = doc.paths['/api/accounts'].get.parameters.find((p: any) => p.name === 'sort');
    expect(sort.schema.pattern).toContain('visitors');
    expect(doc.paths['/api/accounts'].get.security).toEqual([{ bearer: [] }]);
  });
});
