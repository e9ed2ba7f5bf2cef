import { describe, expect, it } from 'vitest';
import { toAnswers } from './answers.js';

describe('the answers a person sends', () => {
  it('waits for an answer on every asset', () => {
    expect(toAnswers(['a', 'b'], { a: { holds: true, note: '' } })).toBeNull();
  });

  it('sends each answer, with its note when there is one', () => {
    expect(
      toAnswers(['a', 'b'], {
        a: { holds: true, note: '  ' },
        b: { holds: false, note: ' Returned to IT in March ' },
      }),
    ).toEqual([
      { assetId: 'a', holds: true },
      { assetId: 'b', holds: false, note: 'Returned to IT in March' },
    ]);
  });
});
