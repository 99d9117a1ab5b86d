import { describe, expect, it } from 'vitest';
import { coverage, uncoveredFields } from '../../../../src/client/app/visit/coverage';
import { ACTION_FIELDS } from '../../../../src/shared/domain/action-fields';

describe('coverage of the ten action fields', () => {
  it('with no observations every field is uncovered, in the official order', () => {
    expect(uncoveredFields([])).toEqual(ACTION_FIELDS.map((f) => f.id));
  });
  it('counts observations per field and ignores visit-level notes without a field', () => {
    const cov = coverage([
      { fieldId: 'housing' },
      { fieldId: 'housing' },
      { fieldId: 'climate' },
      { fieldId: null },
    ]);
    expect(cov).toHaveLength(10);
    expect(cov.find((c) => c.fieldId === 'housing')?.count).toBe(2);
    expect(cov.find((c) => c.fieldId === 'climate')?.count).toBe(1);
    expect(cov.filter((c) => c.count === 0)).toHaveLength(8);
  });
  it('is complete when each field has one observation', () => {
    expect(uncoveredFields(ACTION_FIELDS.map((f) => ({ fieldId: f.id })))).toEqual([]);
  });
});
