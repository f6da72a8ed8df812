package dev.charlm.engine.text;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Characters that a model's vocabulary does not have (and it has no {@code <unk>} to stand for them). */
public final class UnknownCharactersException extends IllegalArgumentException {

    private final List<String> characters;

    public UnknownCharactersException(Set<Integer> codePoints) {
        super("characters not in the model's vocabulary: " + codePoints.stream()
                .map(EncodedCorpus::describe).collect(Collectors.joining(", ")));
        this.characters = codePoints.stream().map(Character::toString).toList();
    }

    /** The offending characters, each once, in order of first appearance. */
    public List<String> characters() {
        return characters;
    }
}
