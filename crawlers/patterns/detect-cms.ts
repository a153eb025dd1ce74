// Which publishing system a page comes from, by its fingerprints (site-patterns.md §3). Pure.

export function detectCms(html: string, url: string): string[] {
  const found: string[] = [];
  if (/createPage(HTML)?\(|TRS_Editor|TRS_UEDITOR|\/t\d{8}_\d+\.s?html?/.test(html)) found.push('trs');
  if (/<datastore>|\.jpage\(|\/module\/web\/jpage\/dataproxy\.jsp|\/col\/col\d+\//.test(html)) found.push('hanweb');
  if (/\/gkmlpt\//.test(html) || /\/gkmlpt\//.test(url)) found.push('gkmlpt');
  const text = html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, '');
  if (text.length < 200 && /<script/i.test(html) && /id=["'](app|list|root)["']/.test(html)) found.push('js-shell');
  return found;
}
