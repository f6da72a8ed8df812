package dev.charlm.engine.text;

/** Input that is not valid UTF-8; {@link #byteOffset()} is the offset of the first bad byte. */
public final class MalformedTextException extends IllegalArgumentException {

    private final long byteOffset;

    public MalformedTextException(long byteOffset, String why) {
        super("text is not valid UTF-8 at byte offset " + byteOffset + ": " + why);
        this.byteOffset = byteOffset;
    }

    public long byteOffset() {
        return byteOffset;
    }
}
