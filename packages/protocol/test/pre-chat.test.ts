import { describe, expect, it } from 'vitest';
import { readPreChatAnswers } from '../src/pre-chat';

describe('pre-chat answers', () => {
  it('reads what the participant page sends', () => {
    const answers = { safe: false, answers: [{ question: 'Which town?', answer: 'مدينة الميناء' }] };
    expect(readPreChatAnswers(JSON.stringify(answers))).toEqual(answers);
    expect(readPreChatAnswers('{"safe":null,"answers":[]}')).toEqual({ safe: null, answers: [] });
  });

  it('reads what the page showed after "not safe": the list, the program’s words, or neither', () => {
    for (const shown of [{ alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }], noOtherWay: null }, { alternatives: [], noOtherWay: 'No phone line.' }, { alternatives: [], noOtherWay: null }]) {
      const answers = { safe: false, answers: [], shown };
      expect(readPreChatAnswers(JSON.stringify(answers))).toEqual(answers);
    }
    for (const shown of [null, {}, { alternatives: [], noOtherWay: 3 }, { alternatives: [{ label: 'x' }], noOtherWay: null }, { alternatives: 'Hotline', noOtherWay: null }]) {
      expect(readPreChatAnswers(JSON.stringify({ safe: false, answers: [], shown }))).toBeNull();
    }
  });

  it('refuses any other shape instead of showing part of it', () => {
    for (const text of ['', 'not json', 'null', '[]', '{"safe":"no","answers":[]}', '{"safe":true}', '{"safe":true,"answers":[{"question":"q"}]}', '{"safe":true,"answers":[null]}', `{"safe":true,"answers":[{"question":"q","answer":"${'x'.repeat(2001)}"}]}`]) {
      expect({ text: text.slice(0, 60), read: readPreChatAnswers(text) }).toEqual({ text: text.slice(0, 60), read: null });
    }
  });
});
