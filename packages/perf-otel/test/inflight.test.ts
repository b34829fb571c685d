import { InflightTable } from '../src/http/inflight';

describe('InflightTable', () => {
  it('finds an open response with its start and extra, and forgets it once closed', () => {
    const table = new InflightTable<object, string>();
    const a = {};
    const b = {};
    table.open(a, 10.5, 'team-a');
    table.open(b, 20.25, undefined);
    const slot = table.find(a);
    expect(table.start(slot)).toBe(10.5);
    expect(table.extra(slot)).toBe('team-a');
    table.close(slot);
    expect(table.find(a)).toBe(-1);
    expect(table.start(table.find(b))).toBe(20.25);
  });

  it('reuses a closed slot without mistaking its old response for the new one', () => {
    const table = new InflightTable<object, never>();
    const old = {};
    table.open(old, 1, undefined);
    table.close(table.find(old));
    const next = {};
    table.open(next, 2, undefined);
    expect(table.find(next)).toBe(0);
    expect(table.find(old)).toBe(-1);
    expect(table.find({})).toBe(-1);
  });

  it('visits only open responses, and lets the visitor close them', () => {
    const table = new InflightTable<{ id: number }, never>();
    const all = [1, 2, 3, 4].map((id) => ({ id }));
    for (const r of all) table.open(r, r.id, undefined);
    table.close(table.find(all[1]));
    const seen: number[] = [];
    table.forEach((r, slot) => {
      seen.push(r.id);
      if (r.id === 3) table.close(slot);
    });
    expect(seen).toEqual([1, 3, 4]);
    const after: number[] = [];
    table.forEach((r) => after.push(r.id));
    expect(after).toEqual([1, 4]);
  });
});
