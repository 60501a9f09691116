import { CATALOG } from '../detections/catalog';
import { splitLead } from './lead';

describe('splitLead', () => {
  test('splits after the first sentence', () => {
    expect(splitLead('Falco reported a shell. Either someone opened one, or an app did.')).toEqual({
      lead: 'Falco reported a shell.',
      rest: 'Either someone opened one, or an app did.',
    });
  });

  test('keeps a dot inside a field name', () => {
    expect(splitLead('A container sets securityContext.privileged. It has every capability.').lead).toBe(
      'A container sets securityContext.privileged.'
    );
  });

  test('keeps a sentence that continues lowercase', () => {
    expect(splitLead('Runs e.g. kubectl exec. Then more.').lead).toBe('Runs e.g. kubectl exec.');
  });

  test('one sentence has no rest', () => {
    expect(splitLead('Only one sentence.')).toEqual({ lead: 'Only one sentence.', rest: '' });
  });

  test('every catalog description loses no text', () => {
    for (const detection of CATALOG) {
      const { lead, rest } = splitLead(detection.description);
      expect(`${lead} ${rest}`.replace(/\s+/g, ' ').trim()).toBe(detection.description.replace(/\s+/g, ' ').trim());
    }
  });
});
