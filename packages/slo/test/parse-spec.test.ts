import { parseSloSpec } from '../src/parse-spec';
import { SloSpecError } from '../src/spec-error';

function issuesOf(text: string): string[] {
  try {
    parseSloSpec(text, 'slo/shop.yaml');
  } catch (error) {
    if (error instanceof SloSpecError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the SLO file to be rejected');
}

describe('parseSloSpec', () => {
  it('reads a valid file, with the 30d default window and thresholds in seconds', () => {
    const spec = parseSloSpec(
      [
        'service: shop',
        'objectives:',
        '  - { name: availability, type: availability, objective: 99.9 }',
        '  - { name: latency, type: latency, objective: 99, threshold: 500ms, routes: ["/api/items/:id"] }',
      ].join('\n'),
      'slo/shop.yaml',
    );
    expect(spec).toEqual({
      source: 'slo/shop.yaml',
      service: 'shop',
      environment: undefined,
      window: '30d',
      objectives: [
        { name: 'availability', type: 'availability', objective: 99.9, thresholdSeconds: undefined, routes: undefined, description: undefined },
        { name: 'latency', type: 'latency', objective: 99, thresholdSeconds: 0.5, routes: ['/api/items/:id'], description: undefined },
      ],
    });
  });

  it('names file, line, column and the fix for each problem, all in one pass', () => {
    expect(
      issuesOf(
        [
          'service: shop',
          'windw: 30d',
          'objectives:',
          '  - name: latency',
          '    type: latency',
          '    objective: 150',
          '    threshold: 300ms',
          '  - name: Avail',
          '    type: uptime',
          '    objective: 99.9',
        ].join('\n'),
      ),
    ).toEqual([
      'slo/shop.yaml:2:1: unknown key "windw" in the SLO file; fix: use only service, environment, window, objectives',
      'slo/shop.yaml:6:16: objectives[0].objective must be a percentage between 0 and 100 (exclusive); fix: write the share of good requests, e.g. objective: 99.9',
      'slo/shop.yaml:7:16: objectives[0].threshold 300ms is not an HTTP duration bucket boundary; fix: use one of 5ms, 10ms, 25ms, 50ms, 75ms, 100ms, 250ms, 500ms, 750ms, 1s, 2.5s, 5s, 7.5s, 10s',
      'slo/shop.yaml:8:11: objectives[1].name "Avail" is not a valid name; fix: use lower-case letters, digits, "-" or "_", e.g. name: availability',
      'slo/shop.yaml:9:11: objectives[1].type "uptime" is unknown; fix: use one of availability, latency',
    ]);
  });

  it('rejects a latency objective without threshold and a threshold on availability', () => {
    expect(
      issuesOf(
        [
          'service: shop',
          'objectives:',
          '  - name: latency',
          '    type: latency',
          '    objective: 99',
          '  - name: availability',
          '    type: availability',
          '    objective: 99.9',
          '    threshold: 1s',
        ].join('\n'),
      ),
    ).toEqual([
      'slo/shop.yaml:3:5: objectives[0] is a latency objective without a threshold; fix: add e.g. threshold: 500ms',
      'slo/shop.yaml:9:16: objectives[1].threshold is only for latency objectives; fix: remove it, or set type: latency',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(issuesOf('service: shop\nobjectives: [\n')).toEqual([
      expect.stringMatching(/^slo\/shop\.yaml:3:1: YAML syntax: .+; fix: correct the YAML syntax at this position$/),
    ]);
  });

  it('rejects a missing service, a bad window and duplicate objective names', () => {
    expect(
      issuesOf(
        ['window: 36h', 'objectives:', '  - { name: a, type: availability, objective: 99 }', '  - { name: a, type: availability, objective: 98 }'].join('\n'),
      ),
    ).toEqual([
      'slo/shop.yaml:1:1: service is missing; fix: add service: <the service.name, i.e. the Prometheus job label>',
      'slo/shop.yaml:1:9: window 36h is not a whole number of days or weeks of at least 1d; fix: write e.g. window: 30d',
      'slo/shop.yaml:4:13: objective name "a" is used twice; fix: give each objective of a service its own name',
    ]);
  });
});
