// A seeded PRNG, so a failing reliability run can be repeated with its seed.
import { makeRng } from '../../support/prng';

export const makeRandom = (seed: number): (() => number) => makeRng(seed).next;
