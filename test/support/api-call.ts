/**
 * A request to a running API as a client sends it: the key as a bearer token, a body as JSON.
 * `baseUrl` is the server's (http://127.0.0.1:port); `headers` add to or replace these.
 */
export function callApi(
  baseUrl: string,
  method: string,
  path: string,
  key?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The response's JSON body, once its status is `status` (a failure shows the status and body). */
export async function expectJson<T>(response: Response, status = 200): Promise<T> {
  const body = (await response.json()) as T;
  expect([response.status, body]).toEqual([status, body]);
  return body;
}

/** A new API key of `role`, made over HTTP with an admin key (`POST /api/keys`): its secret. */
export async function createKeyOverHttp(
  baseUrl: string,
  adminKey: string,
  role: string,
  name: string,
): Promise<string> {
  const response = await callApi(baseUrl, 'POST', '/api/keys', adminKey, { role, name });
  return (await expectJson<{ key: string }>(response, 201)).key;
}
