import { randomUUID } from 'node:crypto';

/**
 * Prefix of each kind of id. A prefixed id says what it names in logs, URLs and support tickets,
 * and a use case can reject an id of the wrong kind before it reaches the database.
 */
export const ID_PREFIXES = {
  tenant: 'ten',
  apiKey: 'key',
  user: 'usr',
  enrollment: 'enr',
  capture: 'cap',
  template: 'tpl',
  attempt: 'att',
  auditEvent: 'aud',
  deviceKey: 'dvk',
  passkey: 'psk',
  challenge: 'chl',
  driftReport: 'drf',
  alert: 'alr',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** Longest id any column accepts; ids are `varchar(64)` in every table. */
export const ID_MAX_LENGTH = 64;

/** A new random id such as `usr_9f1c0a6e2b7d4c3a8e5f60718293a4b5` (prefix + 128 random bits as hex). */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomUUID().replaceAll('-', '')}`;
}

const ID_BODY = /^[0-9a-f]{32}$/;

/** True when `value` has the shape of an id of `kind` made by {@link newId}. */
export function isId(kind: IdKind, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}
