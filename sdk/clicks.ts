import { safe, type Ctx } from './context.js';

const FILES = 'pdf|docx?|xlsx?|pptx?|csv|txt|rtf|od[tsp]|key|epub|zip|rar|7z|t?gz|dmg|exe|msi|apk|iso|mp[34]|mov|avi|webm|wav';

/**
 * Content downloads (file links, `download` links, `data-abm-download` elements) and outbound
 * links. Sent with a beacon at once: the click may be taking the tab away.
 */
export function captureClicks(ctx: Ctx, extraExtensions: string[]): void {
  const files = new RegExp(`\\.(${[FILES, ...extraExtensions.map((x) => x.replace(/\W/g, ''))].join('|')})$`, 'i');
  const onClick = safe((e: MouseEvent) => {
    const el = (e.target as Element).closest('a,area,[data-abm-download]') as HTMLAnchorElement | null;
    if (!el) return;
    const marked = el.getAttribute('data-abm-download');
    const href = el.href || marked;
    if (!href || typeof href != 'string') return;
    const url = new URL(href, location.href);
    if (!/^https?:$/.test(url.protocol)) return;
    if (marked != null || el.hasAttribute('download') || files.test(url.pathname)) {
      ctx.emit('download', { props: { href: url.href, text: (el.textContent || '').trim().slice(0, 200) } });
    } else if (url.host != location.host) {
      ctx.emit('outbound', { props: { href: url.href } });
    } else return;
    ctx.flush(true);
  });
  // auxclick: a middle click opens the file in a new tab, which is a download all the same.
  for (const type of ['click', 'auxclick']) addEventListener(type, onClick as EventListener, true);
}
