import { promtoolValues } from './promtoolSeries';
import { ScenarioSeries, formatLabels, historyValues, liveValue } from './series';
import { queryEscape, renderAnnotation } from './templates';

const counter: ScenarioSeries = {
  metric: 'bytes_total',
  labels: { pod: 'a' },
  history: [
    { samples: 2, absent: true },
    { samples: 3, increasePerSecond: 1 },
    { samples: 2, increasePerSecond: 10 },
  ],
  live: { increasePerSecond: 100 },
};

test('history expands per interval', () => {
  expect(historyValues(counter, 60)).toEqual([undefined, undefined, 0, 60, 120, 720, 1320]);
});

test('promtool notation matches the expansion', () => {
  expect(promtoolValues(counter, 60, 2)).toBe('_x2 0+60x2 720+600x1 7320+6000x1');
});

test('live value keeps the calm rate until the attack', () => {
  expect(liveValue(counter, 60, 30, undefined)).toBe(1320 + 300);
  expect(liveValue(counter, 60, 30, 10)).toBe(1320 + 100 + 2000);
});

test('absent live series has no value', () => {
  const gauge: ScenarioSeries = { metric: 'info', labels: {}, history: [{ samples: 3, value: 1 }], live: { absent: true } };
  expect(liveValue(gauge, 60, 5, undefined)).toBe(1);
  expect(liveValue(gauge, 60, 5, 0)).toBeUndefined();
  expect(promtoolValues(gauge, 60, 2)).toBe('1x2 _x2');
});

test('labels are sorted and quoted', () => {
  expect(formatLabels({ pod: 'a"b', job: 'k' })).toBe('{job="k", pod="a\\"b"}');
});

test('urlquery escapes like Go', () => {
  expect(queryEscape('docker.io/a:1 b~c')).toBe('docker.io%2Fa%3A1+b~c');
});

test('annotation templates render labels', () => {
  expect(renderAnnotation('x={{ $labels.image | urlquery }} in {{ $labels.pod }}', { image: 'a/b', pod: 'p' })).toBe('x=a%2Fb in p');
  expect(() => renderAnnotation('{{ $value }}', {})).toThrow(/only/);
});
