package dev.charlm.corpus;

import dev.charlm.engine.text.Utf8Decoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * Copies an upload to a file while checking it is UTF-8 (the engine's strict decoder names the byte
 * offset of the first bad byte), within the size limit, and counting what {@link Corpus} reports.
 */
final class TextScan {

    long chars;
    long lines;
    long bytes;
    String sha256;
    private final BitSet seen = new BitSet(0x110000);
    private int last = -1;

    long distinct() {
        return seen.cardinality();
    }

    Corpus.Contents contents() {
        return new Corpus.Contents(chars, distinct(), lines, bytes, sha256);
    }

    static TextScan copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        TextScan scan = new TextScan();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Utf8Decoder decoder = new Utf8Decoder(cp -> {
            scan.chars++;
            scan.seen.set(cp);
            if (cp == '\n') {
                scan.lines++;
            }
            scan.last = cp;
        });
        try (DigestOutputStream digest = new DigestOutputStream(out, sha)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) != -1) {
                scan.bytes += n;
                if (scan.bytes > maxBytes) {
                    throw CorpusTooLargeException.over(maxBytes);
                }
                decoder.feed(buf, 0, n);
                digest.write(buf, 0, n);
            }
            decoder.finish();
        }
        if (scan.last != -1 && scan.last != '\n') {
            scan.lines++;
        }
        scan.sha256 = HexFormat.of().formatHex(sha.digest());
        return scan;
    }
}
