import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { keep, type Step } from './pipeline.js';

/**
 * The last step: the raw address has done its work (enrichment) and is replaced by its network,
 * IPv4 /24 or IPv6 /48, before anything is stored.
 */
export const anonymiseIpStep: Step = (draft) => keep({ ...draft, ip: truncateIp(draft.rawIp), rawIp: null });

/**
 * The last step, in hashed mode (IP_STORAGE=hash): the address is stored as a salted hash. The
 * salt changes every UTC day and the old one is deleted, so a visitor's addresses can be told
 * apart within a day, and never linked across days or recovered.
 */
export const hashIpStep: Step = (draft) =>
  keep({
    ...draft,
    ip: draft.rawIp && draft.ipSalt ? `h:${createHash('sha256').update(`${draft.ipSalt}|${draft.rawIp}`).digest('base64url').slice(0, 22)}` : null,
    rawIp: null,
  });

export function truncateIp(ip: string | null): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  if (isIPv4(address)) return address.split('.').slice(0, 3).concat('0').join('.');
  if (isIPv6(address)) {
    const groups = expandIPv6(address.split('%')[0] ?? address);
    return `${groups.slice(0, 3).join(':')}::`;
  }
  return null;
}

/** Eight hextets, without leading zeros, for an IPv6 address that isIPv6 accepted. */
function expandIPv6(address: string): string[] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}
