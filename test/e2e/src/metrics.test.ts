import { metricSamples, metricTotal } from './metrics';

const EXPOSITION = [
  '# HELP chatpilot_event_handler_duration_seconds Time from delivery to decision',
  'chatpilot_event_handler_duration_seconds_sum{consumer="onboarding",type="d360.history",outcome="processed"} 1.5',
  'chatpilot_event_handler_duration_seconds_count{consumer="onboarding",type="d360.history",outcome="processed"} 3',
  'webhook_ingest_duplicates_total{event="channel_created"} 2',
  'webhook_ingest_duplicates_total{event="history"} 5',
  'process_open_fds 12',
].join('\n');

describe('metric samples', () => {
  it('reads name, labels and value of every sample line, skipping comments', () => {
    expect(metricSamples(EXPOSITION)).toHaveLength(5);
    expect(metricSamples(EXPOSITION)[1]).toEqual({
      name: 'chatpilot_event_handler_duration_seconds_count',
      labels: { consumer: 'onboarding', type: 'd360.history', outcome: 'processed' },
      value: 3,
    });
    expect(metricSamples(EXPOSITION)[4]).toEqual({ name: 'process_open_fds', labels: {}, value: 12 });
  });

  it('sums one metric over its label sets', () => {
    expect(metricTotal(EXPOSITION, 'webhook_ingest_duplicates_total')).toBe(7);
    expect(metricTotal(EXPOSITION, 'absent_total')).toBe(0);
  });
});
