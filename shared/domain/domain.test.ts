import { describe, expect, it } from 'vitest';
import { canTransition, ENROLLMENT_STATUSES } from './enrollment.js';
import { ID_MAX_LENGTH, isId, newId } from './ids.js';
import { embeddingProblem, TEMPLATE_MAX_DIMS } from './template.js';
import { normalizeUsername, USERNAME_MAX_LENGTH } from './user.js';

describe('ids', () => {
  it('are prefixed by kind, random, and fit the id columns', () => {
    const id = newId('user');
    expect(id).toMatch(/^usr_[0-9a-f]{32}$/);
    expect(id.length).toBeLessThanOrEqual(ID_MAX_LENGTH);
    expect(newId('user')).not.toBe(id);
    expect(isId('user', id)).toBe(true);
    expect(isId('template', id)).toBe(false);
    expect(isId('user', 'usr_../../etc')).toBe(false);
    expect(isId('user', 42)).toBe(false);
  });
});

describe('enrollment lifecycle', () => {
  it('allows exactly the documented steps', () => {
    const allowed = ENROLLMENT_STATUSES.flatMap((from) =>
      ENROLLMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed.sort()).toEqual([
      'pending->processing',
      'pending->rejected',
      'processing->active',
      'processing->pending',
      'processing->rejected',
    ]);
  });
});

describe('normalizeUsername', () => {
  it('trims, lower-cases and composes', () => {
    expect(normalizeUsername('  Alice ')).toBe('alice');
    expect(normalizeUsername('Jose\u0301')).toBe('jos\u00e9');
    expect(normalizeUsername('ann.lee+work@example.com')).toBe('ann.lee+work@example.com');
  });

  it('rejects empty, over-long and whitespace or control-character names', () => {
    for (const bad of [
      '',
      '   ',
      'a b',
      'tab\there',
      'nul\u0000',
      'zero\u200bwidth',
      'x'.repeat(USERNAME_MAX_LENGTH + 1),
    ]) {
      expect(normalizeUsername(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('embeddingProblem', () => {
  it('accepts finite embeddings and names what is wrong with others', () => {
    expect(embeddingProblem(new Float32Array([0.1, -0.2]))).toBeNull();
    expect(embeddingProblem(new Float32Array(0))).toMatch(/empty/);
    expect(embeddingProblem(new Float32Array([1, Number.NaN]))).toMatch(/embedding\[1\]/);
    expect(embeddingProblem(new Float32Array(TEMPLATE_MAX_DIMS + 1))).toMatch(/dims/);
  });
});
