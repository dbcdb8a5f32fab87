import { getLocale, type JSXChildren } from '@builder.io/qwik';
import { toLocale, translate } from '../../i18n';

/**
 * Asks before anything destructive (cancel an order, delete a rule, a user or
 * a token, revoke…). The page's trigger button opens a native modal
 * <dialog>; the page puts its own <Form> with the real submit button (and any
 * reason field) inside as children, so the action, its CSRF token and its
 * result stay the page's. 「戻る」 closes without doing anything; submitting
 * closes the dialog and the page shows the outcome.
 *
 * The trigger and the dialog are found by id, so ids must be unique on the page;
 * the trigger's id is `${id}-open`. On opening, 「戻る」 has the focus (so Enter
 * does not confirm), unless the page marks a field inside with autoFocus.
 *
 * A plain function component, not a component$: its children hold the page's
 * <Form>, itself a function component, and a component$ would have to
 * serialise those children with the page (QWIK ERROR Code(3), a 500 at the
 * end of the stream). For the same reason the props are read into locals and
 * never used as `props.x` in JSX.
 */
export const ConfirmDialog = (props: {
  id: string;
  trigger: string;
  title: string;
  message?: string;
  triggerClass?: string;
  triggerLabel?: string;
  disabled?: boolean;
  children?: JSXChildren;
}) => {
  const { id, trigger, title, message, triggerClass, triggerLabel, disabled, children } = props;
  const back = translate(toLocale(getLocale('ja')), 'common.back');
  return (
    <>
      <button
        type="button"
        class={triggerClass ?? 'btn btn-danger'}
        id={`${id}-open`}
        aria-haspopup="dialog"
        aria-label={triggerLabel}
        disabled={disabled}
        onClick$={() => (document.getElementById(id) as HTMLDialogElement | null)?.showModal()}
      >
        {trigger}
      </button>
      <dialog id={id} class="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={message ? `${id}-message` : undefined} onSubmit$={(_, el) => el.close()}>
        <h2 id={`${id}-title`}>{title}</h2>
        {message && (
          <p class="confirm-message" id={`${id}-message`}>
            {message}
          </p>
        )}
        <div class="confirm-body">{children}</div>
        <button type="button" class="btn confirm-back" autoFocus onClick$={(_, el) => (el.closest('dialog') as HTMLDialogElement).close()}>
          {back}
        </button>
      </dialog>
    </>
  );
};
