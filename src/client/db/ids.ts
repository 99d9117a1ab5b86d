import { v7 } from 'uuid';

/** Client-generated, time-ordered record id (UUIDv7). */
export function newId(): string {
  return v7();
}

export function nowIso(): string {
  return new Date().toISOString();
}
