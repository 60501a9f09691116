import { blindSourcesSentence, readersSentence } from './readersText';

describe('readersSentence', () => {
  test.each([
    [0, 'missing', 'No detection reads this source yet.'],
    [1, 'receiving', '1 detection reads this source and has its data: '],
    [3, 'receiving', '3 detections read this source and have their data: '],
    [1, 'missing', '1 detection reads this source and is blind until it arrives: '],
    [6, 'error', '6 detections read this source and are blind until it arrives: '],
    [2, 'not-configured', '2 detections read this source and are blind until it arrives: '],
    [2, undefined, '2 detections read this source: '],
  ] as const)('%i readers, status %s', (count, status, expected) => {
    expect(readersSentence(count, status)).toBe(expected);
  });
});

describe('blindSourcesSentence', () => {
  test('names each source and count', () => {
    expect(
      blindSourcesSentence([
        { name: 'Falco alerts', readers: 6 },
        { name: 'kube-state-metrics', readers: 1 },
      ])
    ).toBe('Without data: Falco alerts (6 detections), kube-state-metrics (1 detection).');
  });

  test('skips sources no detection reads', () => {
    expect(blindSourcesSentence([{ name: 'Falco alerts', readers: 0 }])).toBe('');
  });

  test('empty when nothing is blind', () => {
    expect(blindSourcesSentence([])).toBe('');
  });
});
