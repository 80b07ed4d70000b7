import { describe, expect, it } from 'vitest';
import { CATALOG_STEPS } from './catalog.ts';
import { COURSE_STEPS } from './courses.ts';
import { MEMBER_STEPS } from './members.ts';

describe('demo steps', () => {
  it('have names unique across the lists (a name keys the step’s random numbers)', () => {
    const names = [...MEMBER_STEPS, ...COURSE_STEPS, ...CATALOG_STEPS].map((step) => step.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
