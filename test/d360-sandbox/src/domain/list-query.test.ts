import { applyListQuery, parseListQuery, type ListQuery } from './list-query';

const channels = [
  { id: 'aCH', created_at: '2025-01-01', setup_info: { phone_number: '+491' }, client_id: 'c1' },
  { id: 'bCH', created_at: '2025-01-03', setup_info: { phone_number: '+492' }, client_id: 'c1' },
  { id: 'cCH', created_at: '2025-01-02', setup_info: { phone_number: '+493' }, client_id: 'c2' },
];

function query(raw: Parameters<typeof parseListQuery>[0]): ListQuery {
  const parsed = parseListQuery(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
}

describe('list query', () => {
  it('defaults to everything, newest first', () => {
    const result = applyListQuery(channels, query({}));
    expect(result.page.map((c) => c.id)).toEqual(['bCH', 'cCH', 'aCH']);
    expect(result.total).toBe(3);
  });

  it('filters on top-level and dotted fields', () => {
    expect(applyListQuery(channels, query({ filters: '{"id":"cCH"}' })).page.map((c) => c.id)).toEqual(['cCH']);
    expect(applyListQuery(channels, query({ filters: '{"setup_info.phone_number":"+492"}' })).page.map((c) => c.id)).toEqual(['bCH']);
    expect(applyListQuery(channels, query({ filters: '{"client_id":"c1","id":"nope"}' })).total).toBe(0);
  });

  it('pages with limit and offset and reports the unpaged total', () => {
    const result = applyListQuery(channels, query({ limit: '1', offset: '1', sort: 'created_at' }));
    expect(result.page.map((c) => c.id)).toEqual(['cCH']);
    expect(result.total).toBe(3);
  });

  it('rejects malformed parameters', () => {
    expect(parseListQuery({ filters: '{"id":' }).ok).toBe(false);
    expect(parseListQuery({ filters: '[1]' }).ok).toBe(false);
    expect(parseListQuery({ limit: '0' }).ok).toBe(false);
    expect(parseListQuery({ offset: '-1' }).ok).toBe(false);
  });
});
