package dev.charlm.corpus;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.text.EncodedCorpus;
import dev.charlm.web.InvalidFieldsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Storing, listing, previewing and deleting corpora. */
@Service
public class CorpusService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final CorpusRepository corpora;
    private final CorpusTexts texts;
    private final CharLmProperties properties;
    private final ObjectProvider<CorpusUsage> usage;

    CorpusService(CorpusRepository corpora, CorpusTexts texts, CharLmProperties properties, ObjectProvider<CorpusUsage> usage) {
        this.corpora = corpora;
        this.texts = texts;
        this.properties = properties;
        this.usage = usage;
    }

    /** Stores an upload; nothing is kept unless it is non-empty UTF-8 within the size limit. */
    public Corpus create(InputStream in, String name, String fallbackName) {
        String finalName = name != null && !name.isBlank() ? name.strip() : fallbackName;
        if (finalName.length() > 100) {
            throw InvalidFieldsException.of("name", "at most 100 characters");
        }
        try {
            CorpusTexts.Staged staged = texts.stage(in, properties.corpus().maxSize().toBytes());
            TextScan s = staged.scan();
            if (s.chars == 0) {
                texts.discard(staged);
                throw new EmptyCorpusException();
            }
            return commit(staged, new Corpus(newId(), finalName, s.contents(), Instant.now(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("storing the corpus failed", e);
        }
    }

    /** Stores a built-in corpus under its own name as id, if not there yet. */
    Corpus installBuiltIn(String id, InputStream in) throws IOException {
        Optional<Corpus> existing = corpora.find(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        CorpusTexts.Staged staged = texts.stage(in, Long.MAX_VALUE);
        TextScan s = staged.scan();
        return commit(staged, new Corpus(id, id, s.contents(), Instant.now(), true));
    }

    /** The text first, then the record that makes the corpus visible. */
    private Corpus commit(CorpusTexts.Staged staged, Corpus corpus) throws IOException {
        texts.commit(staged, corpus.id());
        corpora.save(corpus);
        return corpus;
    }

    public List<Corpus> list() {
        return corpora.list();
    }

    public Corpus get(String id) {
        return corpora.find(id).orElseThrow(() -> new CorpusNotFoundException(id));
    }

    public Optional<Corpus> find(String id) {
        return corpora.find(id);
    }

    /** The UTF-8 text of a corpus, to be read from its first byte as often as the engine needs. */
    public EncodedCorpus.Source text(String id) {
        get(id);
        return () -> open(id);
    }

    private InputStream open(String id) throws IOException {
        return texts.open(id).orElseThrow(() -> new NoSuchFileException("the text of corpus " + id));
    }

    /** The first {@code n} characters. */
    public String preview(String id, int n) {
        if (n < 0 || n > properties.corpus().maxPreview()) {
            throw InvalidFieldsException.of("preview", "must be between 0 and " + properties.corpus().maxPreview());
        }
        get(id);
        StringBuilder sb = new StringBuilder();
        try (InputStream in = open(id)) {
            byte[] buf = new byte[8192];
            dev.charlm.engine.text.Utf8Decoder d = new dev.charlm.engine.text.Utf8Decoder(cp -> {
                if (sb.codePointCount(0, sb.length()) < n) {
                    sb.appendCodePoint(cp);
                }
            });
            int r;
            while (sb.codePointCount(0, sb.length()) < n && (r = in.read(buf)) != -1) {
                d.feed(buf, 0, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    public void delete(String id) {
        Corpus c = get(id);
        if (c.builtIn()) {
            throw new BuiltInCorpusException(id);
        }
        CorpusUsage u = usage.getIfAvailable();
        Optional<String> user = u == null ? Optional.empty() : u.activeUser(id);
        if (user.isPresent()) {
            throw new CorpusInUseException(id, user.get());
        }
        try {
            corpora.delete(id);   // the record first: a crash between the two leaves a stray text, not a corpus without one
            texts.delete(id);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting corpus " + id + " failed", e);
        }
    }

    private static String newId() {
        StringBuilder sb = new StringBuilder("c-");
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
