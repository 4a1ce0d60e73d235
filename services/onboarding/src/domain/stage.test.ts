import { stageOf } from './stage';

describe('stageOf', () => {
  it('labels each status', () => {
    expect(stageOf('pending', { running: 0, total: 0 })).toMatchObject({ key: 'waiting_for_permission', percent: 10 });
    expect(stageOf('completed', { running: 1, total: 1 })).toMatchObject({ key: 'completed', percent: 100 });
  });

  it('moves the percentage while channels come up during activation', () => {
    expect(stageOf('activating', { running: 0, total: 2 }).percent).toBe(75);
    expect(stageOf('activating', { running: 1, total: 2 }).percent).toBe(85);
  });
});
