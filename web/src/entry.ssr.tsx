import { renderToStream, type RenderToStreamOptions } from '@builder.io/qwik/server';
import { manifest } from '@qwik-client-manifest';
import Root from './root';

export default function (opts: RenderToStreamOptions) {
  const lang = (opts.serverData?.locale as string | undefined) ?? 'ja';
  return renderToStream(<Root />, {
    manifest,
    ...opts,
    containerAttributes: { lang, ...opts.containerAttributes },
  });
}
