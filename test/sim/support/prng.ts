export { makeRng, type Rng } from '../../support/prng';
