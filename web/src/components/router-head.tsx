import { component$ } from '@builder.io/qwik';
import { useDocumentHead } from '@builder.io/qwik-city';

export const RouterHead = component$(() => {
  const head = useDocumentHead();
  return (
    <>
      {/* A printable document (納品書, 領収書) sets frontmatter.documentTitle: its title is then the PDF's file name, with nothing added. */}
      <title>{head.title ? (head.frontmatter.documentTitle ? head.title : `${head.title} | Kura`) : 'Kura'}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1.0" />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </>
  );
});
