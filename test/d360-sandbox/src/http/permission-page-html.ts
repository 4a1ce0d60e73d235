export interface PermissionPageView {
  partnerName: string;
  /** Where the form posts: the page's own URL, query included. */
  actionUrl: string;
  phoneNumbers: string;
  displayName: string;
  email: string;
  lang: string;
  showLogin: boolean;
  existingChannels: { id: string; phoneNumber: string }[];
  error?: string;
}

/** The hosted permission page: a plain HTML form, usable without JavaScript. */
export function renderPermissionPage(view: PermissionPageView): string {
  const heading = view.showLogin ? 'Log in to share your WhatsApp number' : 'Sign up and share your WhatsApp number';
  return page(view.lang, `360dialog — ${view.partnerName}`, `
    <h1>${heading}</h1>
    <p><strong>${escapeHtml(view.partnerName)}</strong> asks for permission to use the WhatsApp Business API for your number(s).</p>
    ${view.error === undefined ? '' : `<p class="error" role="alert" id="form-error">${escapeHtml(view.error)}</p>`}
    <form method="post" action="${escapeHtml(view.actionUrl)}">
      <label for="phone_numbers">Phone number(s) with country code, comma separated</label>
      <input id="phone_numbers" name="phone_numbers" value="${escapeHtml(view.phoneNumbers)}" placeholder="+49 151 12345678">
      <label for="display_name">Display name</label>
      <input id="display_name" name="display_name" value="${escapeHtml(view.displayName)}">
      <label for="email">E-mail</label>
      <input id="email" name="email" type="email" value="${escapeHtml(view.email)}">
      <p><input type="checkbox" id="coexistence" name="coexistence" checked>
        <label for="coexistence">Connect an existing WhatsApp Business App number (coexistence)</label></p>
      <fieldset><legend>Share chat history (last 6 months) with ${escapeHtml(view.partnerName)}?</legend>
        <input type="radio" id="share_history_yes" name="share_history" value="yes" checked><label for="share_history_yes">Yes</label>
        <input type="radio" id="share_history_no" name="share_history" value="no"><label for="share_history_no">No</label>
      </fieldset>
      ${existingChannelsFieldset(view.existingChannels)}
      <button type="submit" id="grant" name="action" value="grant">Grant permission</button>
      <button type="submit" id="cancel" name="action" value="cancel" formnovalidate>Cancel</button>
    </form>`);
}

export function renderMessagePage(lang: string, title: string, message: string): string {
  return page(lang, title, `<h1>${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p>`);
}

function existingChannelsFieldset(channels: PermissionPageView['existingChannels']): string {
  if (channels.length === 0) return '';
  const rows = channels.map(
    (c) => `<p><input type="hidden" name="existing_channel" value="${escapeHtml(c.id)}">
      <input type="checkbox" id="keep_${escapeHtml(c.id)}" name="keep_channel" value="${escapeHtml(c.id)}" checked>
      <label for="keep_${escapeHtml(c.id)}">${escapeHtml(c.phoneNumber)}</label></p>`,
  );
  return `<fieldset><legend>Numbers already shared (uncheck to revoke the permission)</legend>${rows.join('')}</fieldset>`;
}

function page(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:36rem;margin:2rem auto}label,input{display:block;margin:.3rem 0}
input[type=checkbox],input[type=radio],fieldset label{display:inline}.error{color:#b00}</style>
</head><body>${body}</body></html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
