import { html } from 'hono/html';

/**
 * A refusal on a web page (IP or country not allowed, country gate) as a page,
 * not as JSON: the person in the browser reads it, in Japanese and English.
 */
const TEXT: Record<string, [string, string]> = {
  ip_not_allowed: ['このIPアドレスからのアクセスは許可されていません。', 'Access from this IP address is not allowed.'],
  country_not_allowed: ['日本国外からのアクセスは許可されていません。', 'Access from outside Japan is not allowed.'],
};

export const errorPage = (status: number, code: string, requestId: string) => {
  const [ja, en] = TEXT[code] ?? ['リクエストを処理できませんでした。', 'The request could not be served.'];
  return html`<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${status} | Kura</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font-family:system-ui,'Hiragino Sans','Noto Sans JP',sans-serif;background:#f4f6f9;color:#1d2733;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border-radius:12px;padding:2rem;max-width:440px;box-shadow:0 12px 40px rgba(15,27,43,.12)}h1{margin:0 0 .5rem}small{color:#5f6b7a}</style></head>
<body><main><h1>${status}</h1><p>${ja}</p><p lang="en">${en}</p><small>Request ID: ${requestId}</small></main></body></html>`;
};
