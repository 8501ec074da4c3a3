package io.mapdirect.kernelmap;

/**
 * One {@code @departure} tag: where the mirror does something else than the posted line.
 *
 * @param kind what kind of departure
 * @param text the {@code Repair} or {@code KnownBug} constant, or the bookkeeping reason
 */
record Departure(Kind kind, String text) {
    enum Kind {
        /** A {@code Repair} constant: the model repairs the posted line, switchably. */
        REPAIR,
        /** A {@code KnownBug} constant: one of the thread's named bugs, injectable. */
        FAULT,
        /** Bookkeeping that cannot change what any task observes; the text says why. */
        BOOKKEEPING
    }

    /** Parses the content of a {@code @departure} tag ({@code repair X}, {@code fault X}, {@code bookkeeping why}). */
    static Departure parse(String content) {
        String text = content.strip().replaceAll("\\s+", " ");
        int space = text.indexOf(' ');
        String word = space < 0 ? text : text.substring(0, space);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        Kind kind = switch (word) {
            case "repair" -> Kind.REPAIR;
            case "fault" -> Kind.FAULT;
            case "bookkeeping" -> Kind.BOOKKEEPING;
            default -> throw new IllegalArgumentException("@departure must start with repair, fault or bookkeeping: '" + text + "'");
        };
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("@departure " + word + " needs " + (kind == Kind.BOOKKEEPING ? "a reason" : "a constant"));
        }
        if (kind != Kind.BOOKKEEPING && !rest.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("@departure " + word + " names one constant, got '" + rest + "'");
        }
        return new Departure(kind, rest);
    }
}
