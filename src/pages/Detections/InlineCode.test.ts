import { splitBackticks } from './InlineCode';

describe('splitBackticks', () => {
  test('quoted spans become code', () => {
    expect(splitBackticks('Run `kubectl exec -it` or `docker exec`.')).toEqual([
      { code: false, text: 'Run ' },
      { code: true, text: 'kubectl exec -it' },
      { code: false, text: ' or ' },
      { code: true, text: 'docker exec' },
      { code: false, text: '.' },
    ]);
  });

  test('text without backticks stays plain', () => {
    expect(splitBackticks('No code here.')).toEqual([{ code: false, text: 'No code here.' }]);
  });

  test('unmatched backtick stays as written', () => {
    expect(splitBackticks('A lone ` backtick')).toEqual([{ code: false, text: 'A lone ` backtick' }]);
  });
});
