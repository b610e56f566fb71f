package io.github.scratchimage.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a unix socket, as much as the Docker Engine API needs: GET, and POST with a body
 * streamed in chunked transfer encoding (of unknown length, never held in memory); answers with a
 * Content-Length, chunked, or ending with the connection. One connection per request
 * ({@code Connection: close}). google-http-client (the registry's client) has no transport for unix
 * sockets, and the JDK's HttpClient none either; the JDK 16+ {@link UnixDomainSocketAddress} does the rest.
 */
final class UnixSocketHttp {
    /** An answer larger than this is refused: the engine's answers here are a few kilobytes. */
    private static final int MAX_ANSWER = 16 * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final DockerHost host;

    UnixSocketHttp(DockerHost host) {
        this.host = host;
    }

    /** An answer: its status, its headers (names in lower case) and its whole body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes a request body to the stream it is given, without closing it. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    Response get(String path) throws IOException {
        return exchange("GET", path, null, null);
    }

    /** POSTs {@code body}, streamed as it is written, chunked. */
    Response post(String path, String contentType, Body body) throws IOException {
        return exchange("POST", path, contentType, body);
    }

    private Response exchange(String method, String path, String contentType, Body body) throws IOException {
        try (SocketChannel channel = connect()) {
            WatchedOutputStream socketOut = new WatchedOutputStream(Channels.newOutputStream(channel));
            OutputStream out = new BufferedOutputStream(socketOut, BUFFER);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: docker\r\nUser-Agent: scratch-maven-plugin\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\nTransfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");
            IOException sending = null;
            try {
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                if (body != null) {
                    ChunkedOutputStream chunked = new ChunkedOutputStream(out);
                    OutputStream buffered = new BufferedOutputStream(chunked, BUFFER); // chunks of 64 KiB
                    body.writeTo(buffered);
                    buffered.flush();
                    chunked.finish();
                }
                out.flush();
            } catch (IOException e) {
                if (!socketOut.failed) {
                    throw e; // the body could not be made: the request stays incomplete, the engine drops it
                }
                sending = e; // the engine stopped reading: its answer says why
            }
            try {
                return read(new BufferedInputStream(Channels.newInputStream(channel), BUFFER));
            } catch (IOException e) {
                if (sending != null) {
                    sending.addSuppressed(e);
                    throw new EngineException("the container engine at " + host + " closed the connection while "
                            + "the request was sent: " + sending.getMessage(), sending);
                }
                throw e;
            }
        }
    }

    private SocketChannel connect() throws EngineException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(host.socket()));
            return channel;
        } catch (IOException | UnsupportedOperationException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new EngineException("cannot connect to the container engine at " + host + ": " + e.getMessage()
                    + ". Is it running? Start it (Podman: `podman system service --time=0 &`; Docker: Docker "
                    + "Desktop or the docker service)", e);
        }
    }

    private Response read(InputStream in) throws IOException {
        while (true) {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
                throw new EngineException("the container engine at " + host + " did not answer in HTTP/1.1");
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue): the real one follows
            }
            return new Response(status, headers, body(in, headers));
        }
    }

    private byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                copy(in, body, size);
                if (!line(in).isEmpty()) {
                    throw new EngineException("the container engine at " + host + " sent a malformed chunk");
                }
            }
            while (!line(in).isEmpty()) {
                // trailer fields: none are used
            }
        } else if (headers.containsKey("content-length")) {
            copy(in, body, Long.parseLong(headers.get("content-length")));
        } else {
            copy(in, body, -1);
        }
        return body.toByteArray();
    }

    private long chunkSize(String line) throws EngineException {
        String hex = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
        try {
            return Long.parseLong(hex.trim(), 16);
        } catch (NumberFormatException e) {
            throw new EngineException("the container engine at " + host + " sent a malformed chunk size", e);
        }
    }

    /** Copies {@code length} bytes, or everything up to the end of the stream when it is negative. */
    private void copy(InputStream in, ByteArrayOutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        boolean toTheEnd = length < 0;
        long left = length;
        while (toTheEnd || left > 0) {
            int n = in.read(buffer, 0, toTheEnd ? buffer.length : (int) Math.min(left, buffer.length));
            if (n < 0 && toTheEnd) {
                return;
            }
            if (n < 0) {
                throw new EngineException("the container engine at " + host + " closed the connection in the "
                        + "middle of its answer");
            }
            if (out.size() + n > MAX_ANSWER) {
                throw new EngineException("the container engine at " + host + " answered more than "
                        + MAX_ANSWER + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** One line of the head (or of chunk framing), without its CRLF. */
    private String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EngineException("the container engine at " + host + " closed the connection "
                        + (line.length() == 0 ? "without" : "in the middle of") + " an answer");
            }
            if (line.length() > 65_536) {
                throw new EngineException("the container engine at " + host + " sent a line too long for HTTP");
            }
            line.append((char) c);
        }
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.substring(0, end);
    }

    /** Remembers whether writing to the socket failed, to tell that from a failure to make the body. */
    private static final class WatchedOutputStream extends FilterOutputStream {
        boolean failed;

        WatchedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /** Chunked transfer encoding: every write is one chunk ({@code HEX CRLF bytes CRLF}); {@link #finish} ends the body. */
    private static final class ChunkedOutputStream extends FilterOutputStream {
        ChunkedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return; // a chunk of size 0 would end the body
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write(CRLF);
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() {
            // the request goes on: finish() ends the body
        }

        private static final byte[] CRLF = {'\r', '\n'};
    }
}
