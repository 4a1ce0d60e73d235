import { selectList } from './select-list';

describe('selectList', () => {
  it('names every column as its field, in order', () => {
    expect(selectList({ channelId: 'channel_id', status: 'status' })).toBe('channel_id AS "channelId", status AS "status"');
  });
});
