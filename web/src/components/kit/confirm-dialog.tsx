import { component$, Slot } from '@builder.io/qwik';
import { useT } from '../../i18n';

/**
 * Asks before anything destructive (cancel an order, delete a rule, a user or
 * a token, revoke…). The page's trigger button opens a native modal
 * <dialog>; the page puts its own <Form> with the real submit button (and any
 * reason field) inside as children, so the action, its CSRF token and its
 * result stay the page's. 「戻る」 closes without doing anything; submitting
 * closes the dialog and the page shows the outcome.
 *
 * The trigger and the dialog are found by id, so ids must be unique on the page.
 */
export const ConfirmDialog = component$(
  (props: { id: string; trigger: string; title: string; message?: string; triggerClass?: string; triggerLabel?: string; disabled?: boolean }) => {
    const t = useT();
    return (
      <>
        <button
          type="button"
          class={props.triggerClass ?? 'btn btn-danger'}
          id={`${props.id}-open`}
          aria-haspopup="dialog"
          aria-label={props.triggerLabel}
          disabled={props.disabled}
          onClick$={() => (document.getElementById(props.id) as HTMLDialogElement | null)?.showModal()}
        >
          {props.trigger}
        </button>
        <dialog id={props.id} class="confirm-dialog" aria-labelledby={`${props.id}-title`} onSubmit$={(_, el) => el.close()}>
          <h2 id={`${props.id}-title`}>{props.title}</h2>
          {props.message && <p class="confirm-message">{props.message}</p>}
          <div class="confirm-body">
            <Slot />
          </div>
          <button type="button" class="btn confirm-back" onClick$={(_, el) => (el.closest('dialog') as HTMLDialogElement).close()}>
            {t('common.back')}
          </button>
        </dialog>
      </>
    );
  },
);
