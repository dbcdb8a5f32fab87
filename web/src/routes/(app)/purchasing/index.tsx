import { component$ } from '@builder.io/qwik';
import type { DocumentHead } from '@builder.io/qwik-city';
import { NotBuilt } from '../../../components/not-built';

export default component$(() => <NotBuilt nameKey="nav.purchasing" />);

export const head: DocumentHead = { title: '発注' };
