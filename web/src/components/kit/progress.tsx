/**
 * The kit's progress bar for bulk work: a determinate bar when the total is
 * known (an indeterminate one before), and the words for screen readers in a
 * polite live region. Plain function component, props read into locals.
 */
export const Progress = (props: { done?: number; total?: number; label: string; id?: string }) => {
  const { done, total, label, id } = props;
  return (
    <div class="progress-block" aria-live="polite" id={id}>
      {total ? <progress max={total} value={done ?? 0} /> : <progress />}
      <span>{label}</span>
    </div>
  );
};
