export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;
const LABEL = /(\w+)="([^"]*)"/g;

/** Every sample line of a Prometheus text exposition (comments skipped). */
export function metricSamples(exposition: string): MetricSample[] {
  return exposition.split('\n').flatMap((line) => {
    const match = line.startsWith('#') ? null : SAMPLE_LINE.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((label) => [label[1]!, label[2]!]));
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

/** The sum of every sample of `metric` (all label sets) in a Prometheus text exposition. */
export function metricTotal(exposition: string, metric: string): number {
  return metricSamples(exposition)
    .filter((sample) => sample.name === metric)
    .reduce((total, sample) => total + sample.value, 0);
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}
