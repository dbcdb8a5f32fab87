import { component$ } from '@builder.io/qwik';

/** The API's validation messages for one field, shown under its input. */
export const FieldError = component$((props: { messages?: string[] }) =>
  props.messages?.length ? (
    <span class="field-error" role="alert">
      {props.messages.join(' / ')}
    </span>
  ) : null,
);
