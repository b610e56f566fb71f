package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Blob;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which client sends which request. */
class RegistryHttpTest {
    private static final String URL = "http://127.0.0.1:5000/v2/a/";

    private static HttpCall call(String method, RequestBody body) {
        return new HttpCall(method, URL, Map.of(), body, false);
    }

    private static BlobBody blobBody() {
        Blob blob = Blob.ofBytes("application/octet-stream", new byte[] {1, 2, 3});
        return new BlobBody(blob, 0, blob.size(), done -> { });
    }

    @Test
    void everythingButPatchGoesOverTheJdkClient() {
        try (RegistryHttp http = RegistryHttp.create(RegistryOptions.builder().build())) {
            assertThat(http.clientFor(call("HEAD", null))).isInstanceOf(JdkHttp.class);
            assertThat(http.clientFor(call("GET", null))).isInstanceOf(JdkHttp.class);
            assertThat(http.clientFor(call("POST", RequestBody.EMPTY))).isInstanceOf(JdkHttp.class);
            assertThat(http.clientFor(call("PUT", new RequestBody.Bytes("application/json", new byte[2]))))
                    .isInstanceOf(JdkHttp.class);
            assertThat(http.clientFor(call("PUT", blobBody()))).isInstanceOf(JdkHttp.class);
            assertThat(http.clientFor(call("PATCH", blobBody()))).isInstanceOf(GoogleHttp.class);
        }
    }

    @Test
    void everythingGoesOverGoogleHttpClientThroughAProxy() {
        RegistryOptions options = RegistryOptions.builder()
                .proxy(new ProxyConfig("127.0.0.1", 3128, null, null, null)).build();
        try (RegistryHttp http = RegistryHttp.create(options)) {
            assertThat(http.clientFor(call("HEAD", null))).isInstanceOf(GoogleHttp.class);
            assertThat(http.clientFor(call("PUT", new RequestBody.Bytes("application/json", new byte[2]))))
                    .isInstanceOf(GoogleHttp.class);
        }
    }
}
