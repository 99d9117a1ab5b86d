// How far a need's link to an offer got (MATCH_STATUSES) and what came of it: a choice and a note
// saved when left, for whoever may track the need (a follow-up's tracking fields stay writable on
// a submitted or approved visit); as text for everybody else. On a need and on the offer's page.
import { Show, createEffect, createSignal, createUniqueId, on } from 'solid-js';
import type { FollowUp, MatchStatus } from '../../../shared/domain/schemas';
import { MATCH_STATUSES } from '../../../shared/domain/vocab';
import { useDb } from '../../db/db-context';
import { trackMatch } from '../../db/offer-mutators';
import { label, lang } from '../../i18n';
import { ot } from '../../i18n/offers';
import { ChoiceField, FormError, LabelledField, vocabOptions } from '../components/form';
import { ReadOnlyValue } from '../components/read-only';

export function MatchTracking(props: {
  followUp: Pick<FollowUp, 'id' | 'matchStatus' | 'matchNote'>;
  canTrack: boolean;
}) {
  const db = useDb();
  const id = createUniqueId();
  const [error, setError] = createSignal<unknown>(null);
  // eslint-disable-next-line solid/reactivity -- the note starts from the record; the effect below follows it
  const [note, setNote] = createSignal(props.followUp.matchNote ?? '');
  // A note saved elsewhere replaces this one only while nobody types here.
  let typing = false;
  createEffect(
    on(
      () => props.followUp.matchNote ?? '',
      (v) => {
        if (!typing) setNote(v);
      },
    ),
  );
  const save = (fields: { matchStatus?: MatchStatus; matchNote?: string }) => {
    setError(null);
    trackMatch(db, props.followUp.id, fields).catch(setError);
  };
  const status = () => props.followUp.matchStatus ?? 'proposed';
  return (
    <div class="match-tracking">
      <Show
        when={props.canTrack}
        fallback={
          <>
            <ReadOnlyValue label={ot('need.matchStatus')} text={label(MATCH_STATUSES[status()])} />
            <Show when={props.followUp.matchNote}>
              <ReadOnlyValue label={ot('need.matchNote')} text={props.followUp.matchNote ?? ''} />
            </Show>
          </>
        }
      >
        <ChoiceField
          id={`${id}-status`}
          label={ot('need.matchStatus')}
          options={vocabOptions(MATCH_STATUSES, lang())}
          selected={status()}
          onChange={(v) => save({ matchStatus: v as MatchStatus })}
        />
        <LabelledField id={`${id}-note`} label={ot('need.matchNote')}>
          <textarea
            id={`${id}-note`}
            rows="2"
            value={note()}
            onInput={(e) => {
              typing = true;
              setNote(e.currentTarget.value);
            }}
            onChange={(e) => {
              typing = false;
              if (e.currentTarget.value !== (props.followUp.matchNote ?? ''))
                save({ matchNote: e.currentTarget.value });
            }}
          />
        </LabelledField>
        <FormError error={error()} />
      </Show>
    </div>
  );
}
