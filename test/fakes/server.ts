/**
 * Runs the four mall fakes in one Node HTTP server: /shopify/<instance>/…,
 * /rakuten/<instance>/…, /yahoo/<instance>/…, /amazon/<instance>/….
 * Used by `npm start` (the demo channels point here) and by the Worker test
 * suite's global setup (test/setup/fakes-global.ts).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { shopifyFake } from './shopify/fake.ts';
import { rakutenFake } from './rakuten/fake.ts';
import { yahooFake } from './yahoo/fake.ts';
import { amazonFake } from './amazon/fake.ts';

export const fakesApp = (): Hono => {
  const app = new Hono();
  app.route('/shopify', shopifyFake());
  app.route('/rakuten', rakutenFake());
  app.route('/yahoo', yahooFake());
  app.route('/amazon', amazonFake());
  app.get('/', (c) => c.text('Kura mall conformance fakes: /shopify /rakuten /yahoo /amazon'));
  return app;
};

/** Starts the fakes; port 0 picks a free one. */
export const startFakes = (port = 0, hostname = '127.0.0.1'): Promise<{ url: string; close: () => Promise<void> }> =>
  new Promise((resolve) => {
    const server = serve({ fetch: fakesApp().fetch, port, hostname }, (info) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
