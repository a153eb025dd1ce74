// Mirror gateways that serve another host's pages converted (beijing.gov.cn's /gate/big5/{host}/{path}: the same
// page in traditional characters): a link through one is read as a link to the original page, so a mirror is never
// crawled as a site of its own and its copy is recorded as one more place of the original. Pure.

/** /gate/big5/www.beijing.gov.cn/gongkai/… — the gateway prefix, then the original host and path. */
const BIG5_GATE = /^\/gate\/big5\/([a-z0-9.-]+(?::\d+)?)(\/.*)?$/i;

/** The original page a mirror URL copies, or null when the URL is not a mirror's. */
export function originalOfMirror(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const m = BIG5_GATE.exec(u.pathname);
  if (!m) return null;
  return `${u.protocol}//${m[1]!.toLowerCase()}${m[2] ?? '/'}${u.search}`;
}
