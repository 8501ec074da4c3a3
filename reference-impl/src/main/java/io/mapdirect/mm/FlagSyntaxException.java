package io.mapdirect.mm;

/** A {@code prot} or {@code flags} text with a token that is neither a known name nor a number. */
public final class FlagSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String token;

    FlagSyntaxException(String kind, String token, String text) {
        super("unknown " + kind + " '" + token + "' in '" + text + "'");
        this.token = token;
    }

    /** The offending token, trimmed. */
    public String token() {
        return token;
    }
}
