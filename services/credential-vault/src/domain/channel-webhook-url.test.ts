import { channelWebhookUrl, isChannelWebhookUrlTemplate } from './channel-webhook-url';

describe('CHANNEL_WEBHOOK_URL templates', () => {
  it.each([
    ['https://hooks.example/webhooks/360dialog/channels/{channel_id}', true],
    ['http://127.0.0.1:8081/hooks?channel={channel_id}', true],
    ['https://hooks.example/webhooks/360dialog', false],
    ['ftp://hooks.example/{channel_id}', false],
    ['not a url {channel_id}', false],
  ])('%s is valid: %s', (template, valid) => {
    expect(isChannelWebhookUrlTemplate(template)).toBe(valid);
  });

  it('puts the encoded channel id in place', () => {
    expect(channelWebhookUrl('https://hooks.example/channels/{channel_id}', 'abc/1')).toBe('https://hooks.example/channels/abc%2F1');
  });
});

