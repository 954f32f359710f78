import dns2, { type Resource } from 'dns2';
import { parseIp } from '../../collector/ipdb/mmdb/ip-address.js';

const { Packet } = dns2;
/** dns2's Resource type wants its own methods; the README's plain records are what its encoder reads. */
const record = (r: object) => r as unknown as Resource;

/** What the loopback DNS server knows: PTR names by address, A and AAAA addresses by name, and names it mistreats. */
export interface Zone {
  ptr?: Record<string, string[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  /** Names (PTR: the address) it never answers. */
  silent?: string[];
  /** Names (PTR: the address) it answers SERVFAIL. */
  servfail?: string[];
}

/** '203.0.113.5' → '5.113.0.203.in-addr.arpa'; IPv6 → its nibbles under ip6.arpa. */
export function arpa(ip: string): string {
  const p = parseIp(ip)!;
  if (p.family === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const hex = [...p.words].map((w) => w.toString(16).padStart(8, '0')).join('');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

export interface LoopbackDns {
  /** For DNS_SERVERS / systemDns: '127.0.0.1:port'. */
  server: string;
  /** Every question received, in order: 'PTR 203.0.113.5', 'A gw1.hq.example-corp.com'. */
  queries: string[];
  close(): Promise<void>;
}

/** A real DNS server (dns2, UDP) on 127.0.0.1 and a free port, answering from `zone`. */
export async function loopbackDns(zone: Zone): Promise<LoopbackDns> {
  const byArpa = new Map(Object.keys(zone.ptr ?? {}).map((ip) => [arpa(ip), ip]));
  for (const ip of [...(zone.silent ?? []), ...(zone.servfail ?? [])]) if (parseIp(ip)) byArpa.set(arpa(ip), ip);
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0]!;
      const name = q.name.toLowerCase();
      const ptr = q.type === Packet.TYPE.PTR;
      const subject = ptr ? (byArpa.get(name) ?? name) : name;
      queries.push(`${ptr ? 'PTR' : q.type === Packet.TYPE.AAAA ? 'AAAA' : q.type === Packet.TYPE.A ? 'A' : String(q.type)} ${subject}`);
      if (zone.silent?.includes(subject)) return;
      if (zone.servfail?.includes(subject)) {
        response.header.rcode = Packet.RCODE.SERVFAIL;
        return send(response);
      }
      const base = { name: q.name, class: Packet.CLASS.IN, ttl: 60 };
      if (ptr) for (const domain of zone.ptr?.[subject] ?? []) response.answers.push(record({ ...base, type: Packet.TYPE.PTR, domain }));
      if (q.type === Packet.TYPE.A) for (const address of zone.a?.[name] ?? []) response.answers.push(record({ ...base, type: Packet.TYPE.A, address }));
      if (q.type === Packet.TYPE.AAAA) for (const address of zone.aaaa?.[name] ?? []) response.answers.push(record({ ...base, type: Packet.TYPE.AAAA, address }));
      const known = (ptr && zone.ptr?.[subject]) || zone.a?.[name] || zone.aaaa?.[name];
      if (!known) response.header.rcode = Packet.RCODE.NXDOMAIN;
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return { server: `127.0.0.1:${addresses.udp!.port}`, queries, close: () => server.close() };
}
