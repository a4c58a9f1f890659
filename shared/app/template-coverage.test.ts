import { describe, expect, it } from 'vitest';
import type { TemplateCoverage } from '../ports/repositories.js';
import { planReembed, usersByVersion, usersWithout } from './template-coverage.js';

const row = (userId: string, captureId: string, modelVersion: string): TemplateCoverage => ({
  userId,
  captureId,
  enrollmentId: `enr_${captureId}`,
  modelVersion,
});

// u1: two captures, one already re-embedded; u2: done; u3: old version only; u4: enrolled under the new one only.
const coverage = [
  row('u3', 'c5', 'old'),
  row('u1', 'c2', 'old'),
  row('u1', 'c1', 'old'),
  row('u1', 'c1', 'new'),
  row('u2', 'c3', 'old'),
  row('u2', 'c3', 'new'),
  row('u4', 'c4', 'new'),
];

describe('planReembed', () => {
  it('counts enrolled users and captures and lists, by user, the captures without a target template', () => {
    expect(planReembed(coverage, 'new')).toEqual({
      users: 4,
      captures: 5,
      done: 3,
      pending: [
        { userId: 'u1', captureId: 'c2', enrollmentId: 'enr_c2' },
        { userId: 'u3', captureId: 'c5', enrollmentId: 'enr_c5' },
      ],
    });
  });

  it('has nothing to do for a version every capture has, or for an empty tenant', () => {
    expect(planReembed([row('u1', 'c1', 'new')], 'new')).toEqual({ users: 1, captures: 1, done: 1, pending: [] });
    expect(planReembed([], 'new')).toEqual({ users: 0, captures: 0, done: 0, pending: [] });
  });
});

describe('usersWithout', () => {
  it('names the users a switch would lock out: enrolled, but with no template of the version', () => {
    expect(usersWithout(coverage, 'new')).toEqual(['u3']);
    expect(usersWithout(coverage, 'old')).toEqual(['u4']);
    expect(usersWithout(coverage, 'other')).toEqual(['u1', 'u2', 'u3', 'u4']);
  });
});

describe('usersByVersion', () => {
  it('counts each user once per version, however many captures', () => {
    expect(usersByVersion(coverage)).toEqual({ new: 3, old: 3 });
  });
});
