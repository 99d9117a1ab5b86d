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

  it('makes progress when cards are dear and stays bounded when they are nearly free', () => {
    expect(chunkSize(100)).toBe(CHUNK_MIN);
    expect(chunkSize(0.1)).toBe(CHUNK_MAX);
  });
});
