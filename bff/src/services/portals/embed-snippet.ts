import type { EmbedSnippet } from '@portico/shared';

/** Where a portal lives: its page on the merchant's tracking domain. */
export function portalUrl(hostname: string, portalId: string): string {
  return `https://${hostname}/p/${portalId}`;
}

const escapeAttr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What a merchant pastes into a storefront: the iframe (recommended), or embed.js from the
 * tracking domain, which injects that iframe or, with data-mode="inline", mounts the
 * widget in the page itself. Each names the portal; the host page needs nothing else.
 */
export function embedSnippet(hostname: string, portalId: string, title: string): EmbedSnippet {
  const origin = `https://${hostname}`;
  const id = escapeAttr(portalId);
  const target = '<div id="portico-portal"></div>';
  const script = (extra: string) =>
    `${target}\n<script src="${escapeAttr(origin)}/embed.js" data-portal="${id}"${extra} async></script>`;
  return {
    iframe: `<iframe src="${escapeAttr(portalUrl(hostname, portalId))}" title="${escapeAttr(title)}" style="width:100%;min-height:640px;border:0" loading="lazy" allow="payment"></iframe>`,
    script_tag: script(''),
    script_tag_inline: script(' data-mode="inline"'),
  };
}
