package io.github.scratchimage.registry;

import java.util.Map;

/**
 * One HTTP request as the registry code makes it.
 *
 * @param method          GET, HEAD, POST, PUT, PATCH or DELETE
 * @param url             absolute URL, sent as written (no re-encoding)
 * @param headers         request headers besides User-Agent, in order
 * @param body            the body, or null for none
 * @param followRedirects whether a 301, 302, 303, 307 or 308 answer is followed (see
 *                        {@link RegistryHttp} for the Authorization header)
 */
record HttpCall(String method, String url, Map<String, String> headers, RequestBody body, boolean followRedirects) {
}
