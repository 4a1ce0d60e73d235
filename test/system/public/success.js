/* global document, window, EventSource */
'use strict';

// Follows one onboarding session live: the demo relays onboarding's Server-Sent Events.
(function followSession() {
  const root = document.getElementById('session');
  const sessionId = root.dataset.sessionId;
  const errorTexts = JSON.parse(document.getElementById('error-texts').textContent);
  const apiUrl = '/demo/api/sessions/' + encodeURIComponent(sessionId);
  const STEPS = [
    { status: 'pending', label: 'Access granted at 360dialog' },
    { status: 'in_progress', label: 'Number linked to ChatPilot' },
    { status: 'channel_created', label: 'Secure API access set up' },
    { status: 'activating', label: 'Activated by WhatsApp' },
  ];
  const ORDER = ['pending', 'in_progress', 'channel_created', 'activating', 'completed'];
  const BADGES = {
    pending: 'Waiting for 360dialog',
    in_progress: 'Linking',
    channel_created: 'Securing access',
    activating: 'Activating',
    completed: 'Completed',
    failed: 'Failed',
  };
  const HISTORY_WATCH_MS = 60000;
  let stream;
  let completedAt;

  const byId = (id) => document.getElementById(id);
  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function render(session) {
    const failed = session.status === 'failed';
    const done = session.status === 'completed';
    const badge = byId('status');
    badge.textContent = BADGES[session.status] || session.status;
    badge.className = 'badge ' + (done ? 'badge-ok' : failed ? 'badge-bad' : 'badge-pending');
    byId('headline').textContent = done ? 'You are all set' : failed ? 'The connection did not complete' : 'Setting up your number';
    const bar = byId('progress-bar');
    bar.style.width = session.stage.percent + '%';
    bar.className = 'progress-bar' + (done ? ' done' : failed ? ' failed' : '');
    const stageLabel = byId('stage-label');
    stageLabel.textContent = session.stage.label;
    // A failure is explained in the alert below; its stage label would only repeat it.
    stageLabel.hidden = failed;
    renderSteps(session);
    renderFailure(session.error);
    renderChannels(session.channels);
    renderHistory(session.history_sync);
    renderTiming(session);
  }

  function renderSteps(session) {
    const reached = session.status === 'failed' ? lastReached(session) : ORDER.indexOf(session.status);
    const list = byId('steps');
    list.replaceChildren();
    STEPS.forEach((step, index) => {
      const position = index + 1;
      let state = 'todo';
      if (position <= reached) state = 'done';
      else if (position === reached + 1) state = session.status === 'failed' ? 'failed' : 'current';
      const item = element('li', state);
      item.append(element('span', 'dot', state === 'done' ? '✓' : state === 'failed' ? '!' : ''), element('span', '', step.label));
      list.append(item);
    });
  }

  // A failed session keeps its milestones' timestamps: they tell how far it got.
  function lastReached(session) {
    if (session.activating_at) return 3;
    if (session.channels_linked_at) return 2;
    if (session.callback_received_at) return 1;
    return 0;
  }

  function renderFailure(error) {
    const box = byId('failure');
    if (!error) return void (box.hidden = true);
    const text = errorTexts[error.code] || { title: 'Something went wrong', detail: error.message || '' };
    const footer = element('p', 'alert-footer', 'Error code ');
    const retry = element('a', 'button', 'Start again');
    retry.href = '/';
    footer.append(element('code', '', error.code), retry);
    box.replaceChildren(element('strong', '', text.title), element('p', '', text.detail), footer);
    box.hidden = false;
  }

  function renderChannels(channels) {
    byId('channels-card').hidden = channels.length === 0;
    const rows = channels.map((channel) => {
      const row = element('tr');
      row.append(
        element('td', '', channel.phone_number || '—'),
        element('td', '', channel.channel_id),
        cell(element('span', 'pill ' + (channel.status || ''), channel.status || 'waiting')),
        cell(mark(channel.key_provisioned)),
        cell(mark(channel.webhook_configured)),
      );
      return row;
    });
    byId('channels').replaceChildren(...rows);
  }
  const cell = (child) => {
    const td = element('td');
    td.append(child);
    return td;
  };
  const mark = (yes) => element('span', yes ? 'yes' : 'no', yes ? '✓ ready' : '…');

  function renderHistory(history) {
    byId('history-card').hidden = !history;
    if (!history) return;
    const bar = byId('history-bar');
    bar.style.width = history.progress + '%';
    bar.className = 'progress-bar' + (history.progress >= 100 ? ' done' : '');
    const messages = history.messages + ' message' + (history.messages === 1 ? '' : 's');
    byId('history-label').textContent =
      history.progress >= 100 ? 'All done: ' + messages + ' imported.' : history.progress + '% · ' + messages + ' imported so far (period ' + (history.phase + 1) + ' of 3)';
  }

  function renderTiming(session) {
    const started = new Date(session.created_at);
    const ended = session.completed_at || session.failed_at;
    byId('timing').textContent = ended
      ? (session.completed_at ? 'completed' : 'stopped') + ' after ' + Math.max(1, Math.round((new Date(ended) - started) / 1000)) + ' s'
      : 'started ' + started.toLocaleTimeString();
  }

  function follow() {
    stream = new EventSource(apiUrl + '/events');
    stream.addEventListener('session', (event) => {
      const session = JSON.parse(event.data);
      render(session);
      if (session.status === 'completed' || session.status === 'failed') finished(session);
    });
    // An HTTP error (e.g. 404) closes the stream for good; a dropped connection reconnects by itself.
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) showLookupFailure();
    };
  }

  // The stream ends at a terminal status; the history import may still be running, so keep polling it a while.
  function finished(session) {
    stream.close();
    completedAt = completedAt || Date.now();
    const history = session.history_sync;
    const importing = session.status === 'completed' && (!history || history.progress < 100);
    if (importing && Date.now() - completedAt < HISTORY_WATCH_MS) window.setTimeout(poll, 1500);
  }

  function poll() {
    fetch(apiUrl, { headers: { accept: 'application/json' } })
      .then((response) => response.json())
      .then((session) => {
        render(session);
        finished(session);
      })
      .catch(() => window.setTimeout(poll, 3000));
  }

  function showLookupFailure() {
    fetch(apiUrl)
      .then((response) => response.json())
      .then((body) => {
        if (body && body.session_id) return render(body);
        const code = (body && body.error && body.error.code) || 'TEMPORARILY_UNAVAILABLE';
        byId('status').textContent = 'Not found';
        byId('status').className = 'badge badge-bad';
        renderFailure({ code: code, message: '' });
      })
      .catch(() => renderFailure({ code: 'TEMPORARILY_UNAVAILABLE', message: '' }));
  }

  follow();
})();
