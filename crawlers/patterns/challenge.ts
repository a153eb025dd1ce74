// Anti-bot challenges (瑞数 Botgate's 412 + $_ts script, cookie-setting reload pages): a site that answers with one
// is "blocked", never "has no reports". Pure.

export function isChallenge(status: number, headers: Record<string, string>, body: Uint8Array): boolean {
  const type = headers['content-type'] ?? '';
  if (body.length > 200_000 || (type && !/html|text/.test(type))) return status === 412;
  const text = Buffer.from(body.subarray(0, 20_000)).toString('latin1');
  // 瑞数: $_ts = window['$_ts'] … ; 加速乐-style: a tiny page that sets a cookie and reloads itself.
  const rs = /\$_ts\s*=|window\[['"]\$_ts['"]\]/.test(text);
  const cookieReload = body.length < 4000 && /document\.cookie\s*=/.test(text) && /location(\.href|\.reload|\s*=)/.test(text);
  return status === 412 || ((status === 200 || status === 403 || status === 521) && (rs || cookieReload));
}
