import { describe, expect, it } from 'vitest';
import { readPreChatAnswers } from '../src/pre-chat';

describe('pre-chat answers', () => {
  it('reads what the participant page sends', () => {
    const answers = { safe: false, answers: [{ question: 'Which town?', answer: 'مدينة الميناء' }] };
    expect(readPreChatAnswers(JSON.stringify(answers))).toEqual(answers);
    expect(readPreChatAnswers('{"safe":null,"answers":[]}')).toEqual({ safe: null, answers: [] });
  });

  it('refuses any other shape instead of showing part of it', () => {
    for (const text of ['', 'not json', 'null', '[]', '{"safe":"no","answers":[]}', '{"safe":true}', '{"safe":true,"answers":[{"question":"q"}]}', '{"safe":true,"answers":[null]}', `{"safe":true,"answers":[{"question":"q","answer":"${'x'.repeat(2001)}"}]}`]) {
      expect({ text: text.slice(0, 60), read: readPreChatAnswers(text) }).toEqual({ text: text.slice(0, 60), read: null });
    }
  });
});
