// Who is on which side of a conflict, in words (docs/architecture.md §Merge). The server names
// both: `author`/`authorId` sent the value that came second (clientValue, "mine" on the wire),
// `serverAuthorName`/`serverAuthorId` wrote the value that stood first (serverValue, "theirs").
// A party reads "Ihr Wert" and "Wert von B"; anyone else reads both names, never "mine".
import type { Lang } from '../../shared/domain/vocab';
import type { ConflictRecord } from '../../shared/protocol';
import type { Resolution } from '../../shared/sync/resolve-conflict';
import { ct } from '../i18n/conflicts';

type Parties = Pick<
  ConflictRecord,
  | 'kind'
  | 'author'
  | 'authorId'
  | 'serverAuthorId'
  | 'serverAuthorName'
  | 'serverValue'
  | 'clientValue'
>;

export type Side = {
  /** Heading of the value ("Ihr Wert", "Wert von Ben Beispiel"). */
  label: string;
  /** The button that keeps it ("Ihren Wert behalten", "Wert von Ben Beispiel behalten"). */
  keep: string;
  value: unknown;
  /** The resolution that keeps this side. */
  wire: Exclude<Resolution, 'edited'>;
  /** Whether the signed-in user wrote this side. */
  own: boolean;
};

export type Sides = {
  /** "Konflikt zwischen A und B", "Konflikt mit B". */
  heading: string;
  /** Whether the signed-in user is on a side. */
  party: boolean;
  /** The user's own side first for a party, else the value that stood first. */
  sides: [Side, Side];
};

type SideKey = Parameters<ReturnType<typeof ct.in>>[0];

/** `me`: the signed-in account's id (null: unknown, e.g. signed out). */
export function conflictSides(c: Parties, me: string | null, lang: Lang): Sides {
  const say = ct.in(lang);
  const firstName = c.serverAuthorName ?? null;
  const secondName = c.author || null;
  const firstMine = me !== null && c.serverAuthorId === me;
  // An older server sent no authorId: the author's name is then all there is to go on.
  const secondMine = me !== null && c.authorId === me;

  const side = (first: boolean): Side => {
    const own = first ? firstMine : secondMine;
    const name = first ? firstName : secondName;
    const both = firstMine && secondMine;
    // Which came first where both are one's own or the side has no name; else whose it is.
    const words = (ordinal: SideKey, yours: SideKey, of: SideKey) =>
      both ? say(ordinal) : own ? say(yours) : name ? say(of, { name }) : say(ordinal);
    const label = words(first ? 'side.first' : 'side.second', 'side.yours', 'side.of');
    const keep = words(
      first ? 'side.keepFirst' : 'side.keepSecond',
      'side.keepYours',
      'side.keepOf',
    );
    return {
      label,
      keep,
      value: first ? c.serverValue : c.clientValue,
      wire: first ? 'theirs' : 'mine',
      own,
    };
  };
  const first = side(true);
  const second = side(false);
  const party = firstMine || secondMine;
  let heading: string;
  if (firstMine && secondMine) heading = say('side.self');
  else if (party) {
    const other = firstMine ? secondName : firstName;
    heading = other ? say('side.with', { b: other }) : say('side.withUnknown');
  } else if (firstName && secondName)
    heading = say('side.between', { a: firstName, b: secondName });
  else heading = say('side.withUnknown');
  return {
    heading,
    party,
    sides: firstMine && !secondMine ? [first, second] : party ? [second, first] : [first, second],
  };
}

/** The other person of a conflict as the user reads it, for a mark on the record's card. */
export function otherParty(c: Parties, me: string | null): string | null {
  if (me !== null && c.authorId === me) return c.serverAuthorName ?? null;
  if (me !== null && c.serverAuthorId === me) return c.author || null;
  return c.author || c.serverAuthorName || null;
}
