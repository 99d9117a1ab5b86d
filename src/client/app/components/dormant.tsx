// Fields that wait to become controls (docs/architecture.md §Visit page rendering). Inside a
// sleeping DormantScope an autosaving field (fields.tsx) shows its label and value in a box drawn
// like its control, but holds no form control: a long visit's cards are then a fraction of the
// work to make, and the browser's form scan (Chromium's autofill reads every text field, select
// and checkbox a while after the page changed) has nothing to lay out in the cards skipped off
// screen. The scope wakes for good when its element comes within a screen's height of the
// viewport, or when one of its boxes takes the focus (a tap or Tab); that field then hands the
// focus on to the control it became.
import {
  type JSX,
  createComputed,
  createContext,
  createSignal,
  onCleanup,
  onMount,
  useContext,
} from 'solid-js';

type Dormancy = {
  /** True while the fields inside show boxes instead of controls. */
  asleep: () => boolean;
  /** Makes the controls now (synchronously), for good. */
  wake: () => void;
};

const DormantContext = createContext<Dormancy | undefined>();

/** The dormancy of the surrounding scope, if any: outside one, fields are controls at once. */
export const useDormancy = () => useContext(DormantContext);

/** How far outside the viewport a scope wakes: a screen's height above and below. */
const WAKE_MARGIN = '100% 0px';

let observer: IntersectionObserver | undefined;
const wakers = new Map<Element, () => void>();

/** Calls `wake` once `el` comes near the viewport; returns the stop. */
function wakeWhenNear(el: Element, wake: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    wake();
    return () => {};
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const waker = wakers.get(entry.target);
        observer?.unobserve(entry.target);
        wakers.delete(entry.target);
        waker?.();
      }
    },
    { rootMargin: WAKE_MARGIN },
  );
  wakers.set(el, wake);
  observer.observe(el);
  return () => {
    observer?.unobserve(el);
    wakers.delete(el);
  };
}

/**
 * A part whose fields sleep until it comes near the screen. `awake()` true keeps them controls
 * (a just added item that takes the focus, a record with an open conflict whose mark must show);
 * `element()` is the part's element, watched once it is mounted. Without one (a part hidden in a
 * closed group) only `awake()` or a box taking the focus wakes it.
 */
export function DormantScope(props: {
  awake: () => boolean;
  element?: () => Element | undefined;
  children: JSX.Element;
}) {
  const [woken, setWoken] = createSignal(false);
  const wake = () => setWoken(true);
  // Once awake for any reason, for good: a control being typed in never turns back into a box.
  createComputed(() => props.awake() && wake());
  onMount(() => {
    const el = props.element?.();
    if (!woken() && el) onCleanup(wakeWhenNear(el, wake));
  });
  const dormancy: Dormancy = { asleep: () => !woken(), wake };
  return <DormantContext.Provider value={dormancy}>{props.children}</DormantContext.Provider>;
}

/** The look of the control a sleeping field stands for. */
export type DormantLook = { kind: 'text'; rows: number } | { kind: 'line' } | { kind: 'choice' };

/**
 * A sleeping field: its label and its value in a box drawn like its control (styles: base.css
 * "fields that wait"). Taking the focus wakes the scope; the field's control, made in its place,
 * then takes the focus (a choice also opens its list where the browser allows).
 */
export function DormantField(props: {
  label: string;
  hideLabel?: boolean;
  class?: string;
  record?: string;
  text: string;
  look: DormantLook;
  dormancy: Dormancy;
}) {
  const onFocus = (e: FocusEvent & { currentTarget: HTMLElement }) => {
    // Waking replaces each field of the scope in its place, one element for one: the element now
    // at this field's place holds the control that takes the focus.
    const field = e.currentTarget.closest('.field');
    const parent = field?.parentElement;
    const place = parent && field ? [...parent.children].indexOf(field) : -1;
    props.dormancy.wake();
    const control = parent?.children[place]?.querySelector<HTMLElement>('textarea, input, select');
    if (!control) return;
    control.focus();
    if (control instanceof HTMLSelectElement && navigator.userActivation?.isActive) {
      try {
        control.showPicker();
      } catch {
        /* not allowed here: the focused list opens on the next tap */
      }
    }
  };
  // eslint-disable-next-line solid/reactivity -- a field's kind of control is fixed where it is written
  const look = props.look;
  const box = (): JSX.Element => {
    if (look.kind === 'choice')
      return (
        <div class="select-box" tabIndex={0} onFocus={onFocus}>
          <span class="select-text">{props.text}</span>
        </div>
      );
    if (look.kind === 'text')
      return (
        <div
          class="dormant-box dormant-text"
          style={{ '--rows': String(look.rows) }}
          tabIndex={0}
          onFocus={onFocus}
        >
          {props.text}
        </div>
      );
    return (
      <div class="dormant-box dormant-line" tabIndex={0} onFocus={onFocus}>
        {props.text}
      </div>
    );
  };
  return (
    <div class={`field ${props.class ?? ''}`} data-record={props.record}>
      <label classList={{ 'sr-only': !!props.hideLabel }}>{props.label}</label>
      {box()}
    </div>
  );
}
