import { ERROR_TEXTS, errorTextOf } from './error-texts';

/** The demo's pages: plain server-rendered HTML; the success page follows the session in the browser (success.js). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

function layout(title: string, tenantId: string, body: string, scripts = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · ChatPilot</title>
  <link rel="stylesheet" href="/demo/assets/demo.css">
</head>
<body>
  <header class="topbar">
    <a class="brand" href="/"><span class="brand-mark">C</span>ChatPilot</a>
    <span class="workspace">Demo workspace · <code>${escapeHtml(tenantId)}</code></span>
  </header>
  <main class="page">
${body}
  </main>
  <footer class="footnote">Demo: 360dialog is simulated by the local sandbox; nothing leaves this machine.</footer>
${scripts}</body>
</html>
`;
}

const connectForm = (label: string): string => `<form class="connect" method="post" action="/demo/connect">
      <div class="fields">
        <label><span>WhatsApp Business App number <span class="optional">optional</span></span>
          <input id="phone_number" name="phone_number" type="tel" placeholder="+49 151 12345678" autocomplete="tel"></label>
        <label><span>Business name <span class="optional">optional</span></span>
          <input id="business_name" name="business_name" type="text" placeholder="Acme GmbH" autocomplete="organization"></label>
      </div>
      <button id="connect" class="button primary" type="submit">${escapeHtml(label)}</button>
    </form>`;

export function connectPage(tenantId: string): string {
  return layout(
    'Connect WhatsApp',
    tenantId,
    `    <section class="card">
      <p class="eyebrow">Channels</p>
      <h1>Connect WhatsApp</h1>
      <p class="lead">Bring the number you already use in the <strong>WhatsApp Business App</strong>. With coexistence you keep
        chatting on your phone, and ChatPilot answers the same conversations through the WhatsApp Business Platform.</p>
      <ol class="how">
        <li><strong>Grant access at 360dialog.</strong> You confirm your number and choose whether to share your chat history.</li>
        <li><strong>We link the number to ChatPilot</strong> and set up secure API access for it.</li>
        <li><strong>WhatsApp activates the number.</strong> You can follow every step live.</li>
      </ol>
      ${connectForm('Connect WhatsApp')}
    </section>`,
  );
}

export function successPage(tenantId: string, sessionId: string): string {
  return layout(
    'Connecting WhatsApp',
    tenantId,
    `    <section class="card" id="session" data-session-id="${escapeHtml(sessionId)}">
      <div class="title-row">
        <div>
          <p class="eyebrow">Connecting WhatsApp</p>
          <h1 id="headline">Setting up your number</h1>
        </div>
        <span id="status" class="badge badge-pending">Connecting…</span>
      </div>
      <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-labelledby="stage-label">
        <div id="progress-bar" class="progress-bar" style="width: 5%"></div>
      </div>
      <p id="stage-label" class="stage-label">Waiting for the first update…</p>
      <ol id="steps" class="steps"></ol>
      <div id="failure" class="alert" hidden></div>
    </section>
    <section class="card" id="channels-card" hidden>
      <h2>Numbers</h2>
      <table class="channels">
        <thead><tr><th>Number</th><th>Channel</th><th>Status</th><th>API access</th><th>Webhook</th></tr></thead>
        <tbody id="channels"></tbody>
      </table>
    </section>
    <section class="card" id="history-card" hidden>
      <h2>Chat history import</h2>
      <div class="progress small"><div id="history-bar" class="progress-bar"></div></div>
      <p id="history-label" class="muted"></p>
    </section>
    <p class="meta">Session <code>${escapeHtml(sessionId)}</code> · <span id="timing"></span> · <a href="/">Connect another number</a></p>`,
    `  <script type="application/json" id="error-texts">${JSON.stringify(ERROR_TEXTS).replace(/</g, '\\u003c')}</script>
  <script src="/demo/assets/success.js"></script>
`,
  );
}

export function errorPage(tenantId: string, code: string): string {
  const text = errorTextOf(code);
  return layout(
    text.title,
    tenantId,
    `    <section class="card error-card">
      <p class="eyebrow">Connecting WhatsApp</p>
      <h1 id="error-title">${escapeHtml(text.title)}</h1>
      <p class="lead">${escapeHtml(text.detail)}</p>
      <p class="muted">Error code <code id="error-code">${escapeHtml(code)}</code></p>
      ${text.retry ? connectForm('Start again') : '<a class="button" href="/">Back to ChatPilot</a>'}
    </section>`,
  );
}
