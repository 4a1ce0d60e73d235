import { checkCloudApiMessage } from './cloud-api-message';

const text = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '4915112345678', type: 'text', text: { body: 'hi' } };

describe('checkCloudApiMessage', () => {
  it('accepts a text message and reports recipient and type', () => {
    expect(checkCloudApiMessage(text)).toEqual({ ok: true, to: '4915112345678', type: 'text' });
  });

  it('defaults the type to text', () => {
    const { type: _type, ...withoutType } = text;
    expect(checkCloudApiMessage(withoutType)).toMatchObject({ ok: true, type: 'text' });
  });

  it('accepts templates with a language and media with an id or link', () => {
    expect(checkCloudApiMessage({ ...text, type: 'template', template: { name: 'hello', language: { code: 'en' } } }).ok).toBe(true);
    expect(checkCloudApiMessage({ ...text, type: 'image', image: { link: 'https://x/y.png' } }).ok).toBe(true);
  });

  it.each([
    ['a missing product', { ...text, messaging_product: undefined }, 'messaging_product'],
    ['a wrong product', { ...text, messaging_product: 'sms' }, 'messaging_product'],
    ['a missing recipient', { ...text, to: undefined }, 'to'],
    ['an unknown type', { ...text, type: 'hologram' }, 'Unsupported'],
    ['a type without its object', { ...text, type: 'image' }, 'image'],
    ['an empty text body', { ...text, text: { body: ' ' } }, 'text.body'],
    ['a template without language', { ...text, type: 'template', template: { name: 'x' } }, 'language'],
    ['media without id or link', { ...text, type: 'video', video: {} }, 'video.id'],
    ['an array body', [text], 'JSON object'],
  ])('rejects %s', (_name, body, hint) => {
    const result = checkCloudApiMessage(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details).toContain(hint);
  });
});
