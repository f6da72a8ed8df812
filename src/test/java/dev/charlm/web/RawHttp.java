package dev.charlm.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, the target sent byte for byte: {@code java.net.http} refuses the malformed
 * URIs ({@code <}, NUL, raw non-ASCII) these tests must send. One request per connection.
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A response: status, headers (lower-case names) and the body, de-chunked. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response send(String method, String target, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(head, method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> write(head, k + ": " + v + "\r\n"));
        if (body != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Length"))) {
            write(head, "Content-Length: " + body.length + "\r\n");
        }
        write(head, "\r\n");
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it reads the whole request: read what it said
            }
            return parse(readAll(s.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + abbreviate(target), e);
        }
    }

    Response get(String target, String accept) {
        return send("GET", target, accept == null ? Map.of() : Map.of("Accept", accept), null);
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no complete response in 30 s; got: " + all.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e;
            }
            // a reset after the response: keep what arrived
        }
        return all.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: " + abbreviate(text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOfCrLf(body, i);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String size = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                break;
            }
            out.write(body, lineEnd + 2, n);
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrLf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
