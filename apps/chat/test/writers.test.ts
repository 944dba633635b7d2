import { describe, expect, it } from 'vitest';
import { isolate, StaffWriters, writerName } from '../src/writers';

describe('who wrote a staff line, on the participant page', () => {
  it('takes the name inside the message when it is one a name may be, in any script', () => {
    for (const name of ['Sam', 'سام', '小明', 'Ana 🌿', ' Sam ']) expect(writerName(name)).toBe(name.trim());
    for (const bad of [undefined, null, '', '   ', 'Sam\u202eevil', 'a\nb', 'x'.repeat(65)]) expect(writerName(bad)).toBeNull();
  });

  it('marks a writer it has not heard of once, before their first line; names the server announced are not marked again', () => {
    const writers = new StaffWriters();
    writers.introduce('Avery');
    expect(writers.opened('Avery', 'w1')).toEqual({ name: 'Avery', joined: false });
    // A supervisor who joined without the server saying so: the change is still marked.
    expect(writers.opened('Sam', 'w2')).toEqual({ name: 'Sam', joined: true });
    expect(writers.opened('Sam', 'w2')).toEqual({ name: 'Sam', joined: false });
    // Announced by the server (a transfer): its line is already there.
    writers.introduce('Blake');
    expect(writers.opened('Blake', 'w3')).toEqual({ name: 'Blake', joined: false });
    // Sam changed the name participants see mid-chat: same writer, no new line.
    expect(writers.opened('Samuel', 'w2')).toEqual({ name: 'Samuel', joined: false });
    // Sam reloaded the console: a new writer id, a name already known.
    expect(writers.opened('Sam', 'w9')).toEqual({ name: 'Sam', joined: false });
    // No name given: labelled by the page, nothing to mark.
    expect(writers.opened(undefined, 'w4')).toEqual({ name: null, joined: false });
  });

  it('isolates a name inside a sentence, so a right-to-left name does not reorder it', () => {
    expect(isolate('سام')).toBe('\u2068سام\u2069');
  });
});
