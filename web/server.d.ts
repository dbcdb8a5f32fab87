// Type of the SSR build output the Worker imports (web/server is generated).
declare module '*/web/server/entry.cloudflare-pages.js' {
  export const fetch: (request: Request, env: unknown, ctx: ExecutionContext) => Promise<Response>;
}
