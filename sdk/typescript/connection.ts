// The hand-written part of the TypeScript SDK, beside the generated dataport-client.ts: a `fetch` for the generated
// clients that gets the app's token with its client id and secret, keeps it until shortly before it expires, renews it
// once on a 401, and retries 429/503 answers after the Retry-After the server asks for; and paging over list endpoints.
//
//   const dataport = connect({ baseUrl: "http://127.0.0.1:5080", clientId, clientSecret });
//   const datasets = new DatasetsClient(dataport.baseUrl, dataport);

import { DataPortApiException } from "./dataport-client";

/** What the generated clients take as their `http` argument. */
export interface Fetcher {
    fetch(url: RequestInfo, init?: RequestInit): Promise<Response>;
}

export interface ConnectionOptions {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    /** Scopes to ask for; all the app is allowed when left out. */
    scopes?: string[];
    /** Retries of a 429/503 answer after the first attempt (default 3). */
    maxRetries?: number;
    /** The longest wait the SDK accepts, in milliseconds (default 30 000); an answer asking for more is returned as it is. */
    maxDelayMs?: number;
}

export interface Connection extends Fetcher {
    baseUrl: string;
}

// Renew this long before expiry, so a token never runs out on its way to the server.
const earlyMs = 60_000;

export function connect(options: ConnectionOptions): Connection {
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    const maxRetries = options.maxRetries ?? 3;
    const maxDelayMs = options.maxDelayMs ?? 30_000;
    let token: { value: string; renewAt: number } | undefined;
    let pending: Promise<string> | undefined;

    async function requestToken(): Promise<string> {
        const form = new URLSearchParams({ grant_type: "client_credentials" });
        if (options.scopes) {
            form.set("scope", options.scopes.join(" "));
        }
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they go into Basic credentials.
        const basic = btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`);
        const started = Date.now();
        const response = await withRetries(() => fetch(`${baseUrl}/connect/token`, {
            method: "POST", body: form, headers: { Authorization: `Basic ${basic}` },
        }));
        const body = await response.text();
        if (!response.ok) {
            throw new Error(`The token request was refused (${response.status}): ${body}`);
        }
        const issued = JSON.parse(body) as { access_token: string; expires_in: number };
        const lifetimeMs = issued.expires_in * 1000;
        token = { value: issued.access_token, renewAt: started + (lifetimeMs > 2 * earlyMs ? lifetimeMs - earlyMs : lifetimeMs / 2) };
        return token.value;
    }

    // Concurrent calls share one token and one renewal.
    function currentToken(renew: boolean): Promise<string> {
        if (!renew && token && Date.now() < token.renewAt) {
            return Promise.resolve(token.value);
        }
        pending ??= requestToken().finally(() => { pending = undefined; });
        return pending;
    }

    async function withRetries(send: () => Promise<Response>): Promise<Response> {
        for (let retry = 0; ; retry++) {
            const response = await send();
            if ((response.status !== 429 && response.status !== 503) || retry === maxRetries) {
                return response;
            }
            const delay = retryAfterMs(response.headers.get("Retry-After")) ?? 1000 * 2 ** retry;
            if (delay > maxDelayMs) {
                return response;
            }
            await new Promise(resolve => setTimeout(resolve, delay));
        }
    }

    async function authorizedFetch(url: RequestInfo, init?: RequestInit): Promise<Response> {
        const send = async (renew: boolean) => {
            const headers = new Headers(init?.headers);
            headers.set("Authorization", `Bearer ${await currentToken(renew)}`);
            return fetch(url, { ...init, headers });
        };
        const response = await withRetries(() => send(false));
        return raiseFailedAnswer(url, response.status === 401 ? await withRetries(() => send(true)) : response);
    }

    return { baseUrl, fetch: authorizedFetch };
}

/**
 * A sandbox query can fail after its answer has started; the server then ends the JSON with an `error` member. That is
 * raised as a DataPortApiException, so a partial answer is never taken for a whole one.
 */
async function raiseFailedAnswer(url: RequestInfo, response: Response): Promise<Response> {
    const path = new URL(typeof url === "string" ? url : url.url, "http://x").pathname;
    if (!response.ok || !path.endsWith("/api/sandbox/queries") || !(response.headers.get("content-type") ?? "").startsWith("application/json")) {
        return response;
    }
    const body = await response.text();
    const error = (JSON.parse(body) as { error?: { title?: string; detail?: string } | null }).error;
    if (error) {
        throw new DataPortApiException(`The query failed after its answer had started: ${error.title}: ${error.detail}`,
            response.status, body, headersOf(response), error);
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function headersOf(response: Response): { [key: string]: string } {
    const headers: { [key: string]: string } = {};
    response.headers.forEach((value, key) => { headers[key] = value; });
    return headers;
}

function retryAfterMs(header: string | null): number | undefined {
    if (!header) {
        return undefined;
    }
    const seconds = Number(header);
    if (Number.isFinite(seconds)) {
        return Math.max(0, seconds * 1000);
    }
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Every item of a paged list endpoint (`items`, `total`), fetching pages of `pageSize` as they are needed. */
export async function* allPages<T>(fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>, pageSize = 100): AsyncGenerator<T> {
    let seen = 0;
    for (let page = 1; ; page++) {
        const { items, total } = await fetchPage(page, pageSize);
        yield* items;
        seen += items.length;
        if (items.length === 0 || seen >= total) {
            return;
        }
    }
}
