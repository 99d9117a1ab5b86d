import { describe, expect, it } from 'vitest';
import {
  createdFields,
  holdsCreatedFields,
  valueLeft,
} from '../../../src/server/store/history-rows';

describe("reading a create's row", () => {
  const stored = (value: unknown) => ({ field: null, value: JSON.stringify(value) });

  it("tells a create's row of fields from every other row, old per-field create rows included", () => {
    expect(holdsCreatedFields({ op: 'create', field: null })).toBe(true);
    expect(holdsCreatedFields({ op: 'create', field: 'text' })).toBe(false);
    expect(holdsCreatedFields({ op: 'delete', field: null })).toBe(false);
    expect(holdsCreatedFields({ op: 'resolution', field: null })).toBe(false);
  });

  it('lists its fields in the order the create set them; anything but an object lists none', () => {
    expect(createdFields({ b: 1, a: null, c: [1] })).toEqual([
      ['b', 1],
      ['a', null],
      ['c', [1]],
    ]);
    for (const v of [null, 'text', 3, [1, 2]]) expect(createdFields(v)).toEqual([]);
  });

  it("valueLeft: a create's row its field's value (null when unset, never an inherited key), any other row its value", () => {
    const row = stored({ text: 'a\u0000b', rating: 0, flag: false, list: [] });
    expect(valueLeft(row, 'text')).toBe('a\u0000b');
    expect(valueLeft(row, 'rating')).toBe(0);
    expect(valueLeft(row, 'flag')).toBe(false);
    expect(valueLeft(row, 'list')).toEqual([]);
    expect(valueLeft(row, 'missing')).toBeNull();
    expect(valueLeft(row, 'toString')).toBeNull();
    expect(valueLeft(row, '__proto__')).toBeNull();
    expect(valueLeft({ field: 'text', value: '"x"' }, 'text')).toBe('x');
    expect(valueLeft({ field: 'text', value: null }, 'text')).toBeNull();
  });
});
