import { describe, expect, it } from 'vitest';
import { quizScore, remainingText, scoreText } from './index';

const at = '2026-12-02T12:00:00.000Z';
const ids = { predictions: ['l1-read', 'l1-sign'], myths: ['l1-myth-a', 'l1-myth-b', 'l1-myth-c'] };

describe('the page quiz score', () => {
  it('counts predictions and myths together, out of every question on the page', () => {
    const score = quizScore(ids, {
      predictions: { 'l1-read': { choice: 1, correct: true, at } },
      myths: {
        'l1-myth-a': { answer: true, correct: false, at },
        'l1-myth-c': { answer: false, correct: true, at },
      },
    });
    expect(score).toEqual({ right: 2, answered: 3, total: 5 });
    expect(scoreText(score)).toBe('2 of 5');
    expect(remainingText(score)).toBe('2 of 5 still to answer.');
  });

  it('a page with one prediction and one myth has one score for both: never "0 of 1" beside "0 of 2"', () => {
    const score = quizScore({ predictions: ['l2-p'], myths: ['l2-m'] }, { predictions: {}, myths: {} });
    expect(scoreText(score)).toBe('0 of 2');
    expect(remainingText(score)).toBe('2 of 2 still to answer.');
  });

  it('ignores saved answers to questions the page no longer holds, and ids listed twice', () => {
    const score = quizScore(
      { predictions: ['l1-read', 'l1-read'], myths: [] },
      {
        predictions: {
          'l1-read': { choice: 0, correct: true, at },
          'l1-gone': { choice: 0, correct: true, at },
        },
        myths: { 'l1-old-myth': { answer: true, correct: true, at } },
      },
    );
    expect(score).toEqual({ right: 1, answered: 1, total: 1 });
    expect(remainingText(score)).toBe('All answered.');
  });

  it('a page with no questions scores 0 of 0', () => {
    expect(scoreText(quizScore({ predictions: [], myths: [] }, { predictions: {}, myths: {} }))).toBe(
      '0 of 0',
    );
  });
});
