import { describe, expect, it } from 'vitest';
import { listenForTripleShift, WITHIN_MS } from '../src/triple-shift';

/** Key events as a browser sends them, at chosen times. */
function keyboard() {
  const target = new EventTarget();
  const heard: Array<number | 'exit'> = [];
  listenForTripleShift({ progress: (n) => heard.push(n), triggered: () => heard.push('exit') }, target);
  const send = (type: string, key: string, at: number, repeat = false) => {
    const event = Object.assign(new Event(type), { key, repeat });
    Object.defineProperty(event, 'timeStamp', { value: at });
    target.dispatchEvent(event);
  };
  const tap = (key: string, at: number) => {
    send('keydown', key, at);
    send('keyup', key, at + 50);
  };
  return { heard, send, tap };
}

describe('Shift pressed three times', () => {
  it('counts lone presses each within a second of the last, saying how many are left', () => {
    const k = keyboard();
    k.tap('Shift', 0);
    k.tap('Shift', 900);
    k.tap('Shift', 1800);
    expect(k.heard).toEqual([2, 1, 'exit']);
  });

  it('starts again after a pause longer than a second', () => {
    const k = keyboard();
    k.tap('Shift', 0);
    k.tap('Shift', 500);
    k.tap('Shift', 500 + WITHIN_MS + 100);
    expect(k.heard).toEqual([2, 1, 2]);
  });

  it('ignores Shift held as a modifier, and any other key resets the count', () => {
    const k = keyboard();
    for (let i = 0; i < 3; i++) {
      k.send('keydown', 'Shift', i * 100);
      k.send('keydown', 'A', i * 100 + 10);
      k.send('keyup', 'A', i * 100 + 20);
      k.send('keyup', 'Shift', i * 100 + 30);
    }
    expect(k.heard).toEqual([]);
    k.tap('Shift', 1000);
    k.tap('Shift', 1100);
    k.tap('a', 1200);
    k.tap('Shift', 1300);
    expect(k.heard).toEqual([2, 1, 2]);
  });

  it('counts a long press once, whatever its key repeats', () => {
    const k = keyboard();
    k.send('keydown', 'Shift', 0);
    for (let t = 30; t < 600; t += 30) k.send('keydown', 'Shift', t, true);
    k.send('keyup', 'Shift', 600);
    expect(k.heard).toEqual([2]);
  });
});
