package io.github.scratchimage.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 reverse proxy in front of a registry: forwards each request unchanged (Host
 * header included, so absolute Locations point back at the proxy) on a fresh upstream connection,
 * records every request, and injects faults into a share of requests chosen by a seeded random
 * generator: 503 with or without {@code Retry-After}, a connection dropped before forwarding, or a
 * connection dropped after the registry handled the request. When the registry is gone, the client's
 * connection is dropped.
 */
public final class FaultProxy implements AutoCloseable {

    /** A fault to inject. */
    public enum Fault {
        /** 503 with a registry error body, no Retry-After. */
        UNAVAILABLE,
        /** 503 with {@code Retry-After: 1}. */
        UNAVAILABLE_RETRY_AFTER,
        /** Read the request, then close the connection without forwarding it. */
        DROP_BEFORE_FORWARD,
        /** Forward the request, then close the connection without answering. */
        DROP_AFTER_FORWARD
    }

    /**
     * One request as the proxy saw it: its body length, the fault injected into it (or null), its
     * User-Agent and Authorization headers (or null) and the Host header it was sent with.
     */
    public record Request(String method, String path, String query, long contentLength, Fault fault,
            String userAgent, String authorization, String host) {
    }

    private final int upstreamPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Consumer<Request> hook = r -> { };
    private volatile Predicate<Request> refuse = r -> false;
    private volatile int refuseStatus;
    private volatile String refuseHeader;
    private volatile double share;
    private volatile List<Fault> faults = List.of();
    private volatile UnaryOperator<String> locationRewrite = UnaryOperator.identity();
    private volatile Supplier<String> upstreamAuthorization = () -> null;
    private Random random = new Random(0);

    public FaultProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        threads.submit(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT} of the proxy. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** Injects one of {@code kinds} into about {@code fraction} of the following requests; {@code seed} fixes the choice. */
    public synchronized void injectFaults(double fraction, long seed, Fault... kinds) {
        this.random = new Random(seed);
        this.faults = List.of(kinds);
        this.share = fraction;
    }

    public synchronized void clearFaults() {
        this.share = 0;
        this.faults = List.of();
    }

    /** Answers requests matching {@code when} with {@code status} and a registry error body instead of forwarding them. */
    public void refuse(Predicate<Request> when, int status) {
        refuse(when, status, null);
    }

    /** As {@link #refuse(Predicate, int)}, with one extra response header line ({@code Name: value}). */
    public void refuse(Predicate<Request> when, int status, String headerLine) {
        this.refuseStatus = status;
        this.refuseHeader = headerLine;
        this.refuse = when;
    }

    /**
     * Rewrites the {@code Location} header of every forwarded answer, e.g. to send the client's
     * upload to another host.
     */
    public void rewriteLocation(UnaryOperator<String> rewrite) {
        this.locationRewrite = rewrite;
    }

    /**
     * Gives a request that arrives without an Authorization header the value {@code authorization}
     * supplies before forwarding it: a storage front that authorizes uploads by itself (as a signed
     * URL would), so the client need not send it its credential.
     */
    public void authorizeUpstream(Supplier<String> authorization) {
        this.upstreamAuthorization = authorization;
    }

    /** Runs before each request is forwarded (e.g. to stop the registry mid-push). */
    public void onRequest(Consumer<Request> value) {
        this.hook = value;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void resetRequests() {
        requests.clear();
    }

    /** How many requests had this method and a path matching {@code pathRegex}. */
    public long count(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return requests.stream().filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches()).count();
    }

    /** How many requests got a fault. */
    public long faultCount() {
        return requests.stream().filter(r -> r.fault() != null).count();
    }

    private synchronized Fault nextFault() {
        if (share <= 0 || faults.isEmpty()) {
            return null;
        }
        return random.nextDouble() < share ? faults.get(random.nextInt(faults.size())) : null;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] requestLine = head.get(0).split(" ");
                if (requestLine[0].equals("CONNECT")) {
                    requests.add(new Request("CONNECT", requestLine.length > 1 ? requestLine[1] : "", null, 0, null,
                            header(head, "User-Agent"), header(head, "Proxy-Authorization"), header(head, "Host")));
                    tunnel(in, out);
                    return;
                }
                String target = requestLine.length > 1 ? requestLine[1] : "/";
                if (target.startsWith("http://")) {
                    // absolute form: we were used as a forward proxy; the registry gets the origin form
                    int pathStart = target.indexOf('/', "http://".length());
                    target = pathStart < 0 ? "/" : target.substring(pathStart);
                    requestLine[1] = target;
                    head.set(0, String.join(" ", requestLine));
                }
                int q = target.indexOf('?');
                Fault fault = nextFault();
                byte[] body = readBody(in, head);
                Request request = new Request(requestLine[0], q < 0 ? target : target.substring(0, q),
                        q < 0 ? null : target.substring(q + 1), body.length, fault, header(head, "User-Agent"),
                        header(head, "Authorization"), header(head, "Host"));
                requests.add(request);
                hook.accept(request);
                if (refuse.test(request)) {
                    answer(out, refuseStatus, "Refused", "DENIED", refuseHeader);
                    continue;
                }
                if (fault == Fault.DROP_BEFORE_FORWARD) {
                    return;
                }
                if (fault == Fault.UNAVAILABLE || fault == Fault.UNAVAILABLE_RETRY_AFTER) {
                    answer(out, 503, "Service Unavailable", "UNAVAILABLE",
                            fault == Fault.UNAVAILABLE_RETRY_AFTER ? "Retry-After: 1" : null);
                    continue;
                }
                if (!forward(head, body, out, fault == Fault.DROP_AFTER_FORWARD)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client or the proxy went away
        } finally {
            open.remove(client);
        }
    }

    private static void answer(OutputStream out, int status, String reason, String code, String extraHeader)
            throws IOException {
        byte[] error = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"injected by FaultProxy\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + error.length + "\r\n" + (extraHeader == null ? "" : extraHeader + "\r\n") + "\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.write(error);
        out.flush();
    }

    /** Forwards on a fresh upstream connection; returns false when the client connection must be closed. */
    private boolean forward(List<String> head, byte[] body, OutputStream out, boolean dropAnswer) throws IOException {
        try (Socket upstream = new Socket()) {
            try {
                upstream.connect(new InetSocketAddress("127.0.0.1", upstreamPort), 2000);
            } catch (IOException e) {
                return false;
            }
            open.add(upstream);
            try {
                StringBuilder request = new StringBuilder(head.get(0)).append("\r\n");
                for (String line : head.subList(1, head.size())) {
                    if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                        request.append(line).append("\r\n");
                    }
                }
                String authorization = upstreamAuthorization.get();
                if (authorization != null && header(head, "Authorization") == null) {
                    request.append("Authorization: ").append(authorization).append("\r\n");
                }
                request.append("Connection: close\r\n\r\n");
                OutputStream up = upstream.getOutputStream();
                up.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.write(body);
                up.flush();
                byte[] answer = upstream.getInputStream().readAllBytes();
                if (dropAnswer || answer.length == 0) {
                    return false;
                }
                out.write(withLocationRewritten(answer));
                out.flush();
                return false; // the answer says Connection: close
            } finally {
                open.remove(upstream);
            }
        }
    }

    /** The answer with its Location header line passed through {@link #rewriteLocation}. */
    private byte[] withLocationRewritten(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return answer;
        }
        StringBuilder head = new StringBuilder();
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Location")) {
                line = "Location: " + locationRewrite.apply(line.substring(colon + 1).trim());
            }
            head.append(line).append("\r\n");
        }
        return (head + text.substring(headEnd + 2)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** CONNECT: pipes bytes both ways between the client and the registry until either side closes. */
    private void tunnel(InputStream in, OutputStream out) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress("127.0.0.1", upstreamPort), 2000);
            open.add(upstream);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            threads.submit(() -> {
                try {
                    upstream.getInputStream().transferTo(out);
                } catch (IOException e) {
                    // closed
                }
                return null;
            });
            in.transferTo(upstream.getOutputStream());
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    /** The value of the first header line named {@code name} (any case), or null. */
    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int c = in.read();
            if (c < 0 || lines.isEmpty() && line.size() == 0 && (c < 'A' || c > 'Z')) {
                return null; // closed, or not HTTP (e.g. a TLS handshake): drop the connection
            }
            if (c == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    return lines.isEmpty() ? null : lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(c);
            }
            previous = c;
        }
    }

    private static byte[] readBody(InputStream in, List<String> head) throws IOException {
        String encoding = header(head, "Transfer-Encoding");
        if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            String length = header(head, "Content-Length");
            return in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            raw.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                String trailer;
                while (!(trailer = readLine(in)).isEmpty()) {
                    raw.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                raw.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return raw.toByteArray();
            }
            raw.write(in.readNBytes(size));
            raw.write((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
        threads.shutdownNow();
    }
}
