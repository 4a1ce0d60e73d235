const PLACEHOLDER = '{channel_id}';

/** True when `template` is an http(s) URL template containing `{channel_id}`. */
export function isChannelWebhookUrlTemplate(template: string): boolean {
  if (!template.includes(PLACEHOLDER)) return false;
  try {
    const url = new URL(template.replaceAll(PLACEHOLDER, 'channel'));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The number's own webhook URL, e.g. `https://hooks.example/webhooks/360dialog/channels/{channel_id}`. */
export function channelWebhookUrl(template: string, channelId: string): string {
  return template.replaceAll(PLACEHOLDER, encodeURIComponent(channelId));
}
