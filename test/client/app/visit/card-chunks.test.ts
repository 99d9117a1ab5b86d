import { describe, expect, it } from 'vitest';
import {
  CARD_MS_GUESS,
  CHUNK_BUDGET_MS,
  CHUNK_MAX,
  CHUNK_MIN,
  chunkSize,
} from '../../../../src/client/app/visit/card-chunks';

describe('cards per idle chunk', () => {
  it('fills the budget at the measured cost per card: few on a slow phone, many on a laptop', () => {
    expect(chunkSize(CARD_MS_GUESS)).toBe(Math.floor(CHUNK_BUDGET_MS / CARD_MS_GUESS));
    expect(chunkSize(3)).toBe(10);
    expect(chunkSize(0.9)).toBe(33);
  });

  it('never plans past the idle period the browser granted, nor past the budget', () => {
    expect(chunkSize(1, 12.5)).toBe(12);
    expect(chunkSize(1, 49.9)).toBe(CHUNK_BUDGET_MS);
    expect(chunkSize(1, undefined)).toBe(CHUNK_BUDGET_MS); // after a timeout: the budget
  });

  it('makes progress in a short idle period and stays bounded when cards are nearly free', () => {
    expect(chunkSize(20, 1)).toBe(CHUNK_MIN);
    expect(chunkSize(100)).toBe(CHUNK_MIN);
    expect(chunkSize(0.1)).toBe(CHUNK_MAX);
  });
});
