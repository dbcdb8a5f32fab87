export declare const startKura: (opts: { port: number | string; inspectorPort: number | string; state?: string; keepState?: boolean }) => Promise<{ baseURL: string; state: string; stop: () => void }>;
export declare const demoApiToken: (base: string, scopes: string[]) => Promise<string>;
