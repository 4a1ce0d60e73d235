import { bufferLockNames, channelFor, linkedChannelFrom, tenantFor, type LinkedChannel } from './linked-channel';

const linked: LinkedChannel[] = [
  { channelId: 'ch-a', tenantId: 'tenant-a', clientId: 'client-1', wabaAccountId: 'waba-a', phoneNumber: '491510000001' },
  { channelId: 'ch-b', tenantId: 'tenant-b', clientId: 'client-1' },
];

describe('tenantFor', () => {
  it('prefers the channel, then the WABA, then the phone number, then the client', () => {
    expect(tenantFor({ channelId: 'ch-b', wabaAccountId: 'waba-a' }, linked)).toBe('tenant-b');
    expect(tenantFor({ wabaAccountId: 'waba-a', clientId: 'client-1' }, linked)).toBe('tenant-a');
    expect(tenantFor({ phoneNumber: '491510000001' }, linked)).toBe('tenant-a');
    expect(tenantFor({ clientId: 'client-1' }, linked)).toBe('tenant-a');
  });

  it('finds no tenant for references nobody linked', () => {
    expect(tenantFor({ channelId: 'ch-z', phoneNumber: '4900000' }, linked)).toBeUndefined();
    expect(tenantFor({}, linked)).toBeUndefined();
  });
});

describe('channelFor', () => {
  it('names the channel from its own id or from its phone number', () => {
    expect(channelFor({ channelId: 'ch-b', phoneNumber: '491510000001' }, linked)?.channelId).toBe('ch-b');
    expect(channelFor({ wabaAccountId: 'waba-a', phoneNumber: '491510000001' }, linked)?.channelId).toBe('ch-a');
  });

  it('names none from a WABA or a client alone, which may hold several channels', () => {
    expect(channelFor({ wabaAccountId: 'waba-a' }, linked)).toBeUndefined();
    expect(channelFor({ clientId: 'client-1' }, linked)).toBeUndefined();
    expect(channelFor({ channelId: 'ch-z', phoneNumber: '491510000001' }, linked)).toBeUndefined();
  });

  it('names none when the number is on two linked channels, or the WABA says it is another one', () => {
    const moved = [...linked, { channelId: 'ch-new', tenantId: 'tenant-a', clientId: 'client-1', phoneNumber: '491510000001' }];
    expect(channelFor({ phoneNumber: '491510000001' }, moved)).toBeUndefined();
    expect(channelFor({ wabaAccountId: 'waba-other', phoneNumber: '491510000001' }, linked)).toBeUndefined();
  });
});

describe('linkedChannelFrom', () => {
  it('keeps the digits of the phone number', () => {
    expect(linkedChannelFrom({ tenant_id: 't', channel_id: 'c', client_id: 'cl', phone_number: '+49 151 0000001' })).toEqual({
      channelId: 'c',
      tenantId: 't',
      clientId: 'cl',
      phoneNumber: '491510000001',
    });
  });
});

describe('bufferLockNames', () => {
  it('names every reference once', () => {
    expect(
      bufferLockNames([
        { channelId: 'ch-b', clientId: 'client-1' },
        { wabaAccountId: 'waba-a', phoneNumber: '491510000001', clientId: 'client-1' },
        {},
      ]),
    ).toEqual(['channel:ch-b', 'client:client-1', 'waba:waba-a', 'phone:491510000001']);
  });
});
