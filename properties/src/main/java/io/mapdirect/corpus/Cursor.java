package io.mapdirect.corpus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A position in one line of a corpus file: reads words, tokens, {@code key=value} pairs and
 * punctuation, and makes errors that name the line and column.
 */
final class Cursor {
    /** A token and the column it starts at (1-based). */
    record Token(String text, int column) { }

    private final int line;
    private final String text;
    private final String file;
    private int position;

    Cursor(String file, int line, String text, int position) {
        this.line = line;
        this.text = text;
        this.position = position;
        this.file = file;
    }

    int line() {
        return line;
    }

    int column() {
        return position + 1;
    }

    CorpusException error(String message) {
        return new CorpusException(fileName(), line, column(), message);
    }

    CorpusException errorAt(Token token, String message) {
        return new CorpusException(fileName(), line, token.column(), message);
    }

    CorpusException errorAtStart(String message) {
        return new CorpusException(fileName(), line, firstNonBlank() + 1, message);
    }

    private int firstNonBlank() {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private String fileName() {
        return file;
    }

    void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    boolean atEnd() {
        skipSpaces();
        return position >= text.length() || text.charAt(position) == '#';
    }

    char peek() {
        skipSpaces();
        return position < text.length() ? text.charAt(position) : '\0';
    }

    void expect(char c) throws CorpusException {
        skipSpaces();
        if (position >= text.length() || text.charAt(position) != c) {
            throw error("expected '" + c + "'" + (position < text.length() ? " but found '" + text.charAt(position) + "'"
                    : " but the line ended"));
        }
        position++;
    }

    /** A word: letters, digits, {@code _}. */
    String word() throws CorpusException {
        skipSpaces();
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_'
                || text.charAt(position) == '.')) {
            position++;
        }
        if (start == position) {
            throw error("expected a word");
        }
        return text.substring(start, position);
    }

    /** A token up to whitespace, {@code ,}, {@code )} or {@code =}. */
    Token token(String expected) throws CorpusException {
        skipSpaces();
        int start = position;
        while (position < text.length() && !Character.isWhitespace(text.charAt(position))
                && ",)=".indexOf(text.charAt(position)) < 0) {
            position++;
        }
        if (start == position) {
            throw error("expected " + expected);
        }
        return new Token(text.substring(start, position), start + 1);
    }

    /** A name token matching identifier rules. */
    String name(String expected) throws CorpusException {
        Token token = token(expected);
        if (!token.text().matches("[A-Za-z][A-Za-z0-9_.]*")) {
            throw errorAt(token, "expected " + expected);
        }
        return token.text();
    }

    /** {@code key=value} pairs to the end of the line. */
    Map<String, Token> keyValues() throws CorpusException {
        Map<String, Token> pairs = new LinkedHashMap<>();
        while (!atEnd()) {
            Token key = token("key=value");
            expect('=');
            Token value = token("a value after " + key.text() + "=");
            if (pairs.put(key.text(), value) != null) {
                throw errorAt(key, key.text() + " given twice");
            }
        }
        return pairs;
    }

    Token required(Map<String, Token> pairs, String key) throws CorpusException {
        Token token = pairs.get(key);
        if (token == null) {
            throw error("missing " + key + "=...");
        }
        return token;
    }

    void only(Map<String, Token> pairs, String directive, String... allowed) throws CorpusException {
        for (Map.Entry<String, Token> e : pairs.entrySet()) {
            if (!java.util.List.of(allowed).contains(e.getKey())) {
                throw errorAt(e.getValue(), directive + " takes " + String.join(", ", allowed) + ", not '" + e.getKey() + "'");
            }
        }
    }

    long number(Token token) throws CorpusException {
        try {
            return ArgType.parseNumber(token.text());
        } catch (IllegalArgumentException e) {
            throw errorAt(token, "expected " + e.getMessage());
        }
    }

    long positive(Token token) throws CorpusException {
        long value = number(token);
        if (value <= 0) {
            throw errorAt(token, "expected a positive number");
        }
        return value;
    }

    /** A number within {@code limit}; {@code subject} names it in the error ({@code pmem}, {@code uid}). */
    long bounded(Token token, Limit limit, String subject) throws CorpusException {
        long value = number(token);
        if (!limit.allows(value)) {
            throw errorAt(token, limit.exceeded(subject, token.text()));
        }
        return value;
    }

    /** A duration within {@code limit}, in nanoseconds. */
    long boundedDuration(Token token, Limit limit, String subject) throws CorpusException {
        long ns;
        try {
            ns = ArgType.parseDuration(token.text());
        } catch (ArithmeticException e) {
            ns = Long.MAX_VALUE; // past any limit: reported as such below
        } catch (IllegalArgumentException e) {
            throw errorAt(token, "expected a duration like 45s or 10ms");
        }
        if (!limit.allows(ns)) {
            throw errorAt(token, limit.exceeded(subject, token.text()));
        }
        return ns;
    }

    long duration(Token token) throws CorpusException {
        try {
            return ArgType.parseDuration(token.text());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw errorAt(token, "expected a duration like 45s or 10ms");
        }
    }

    boolean onOff(Token token) throws CorpusException {
        return switch (token.text()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw errorAt(token, "expected on or off");
        };
    }

    /** Everything from the current position up to (not including) the matching unnested {@code )}. */
    int position() {
        return position;
    }

    String text() {
        return text;
    }

    void advanceTo(int newPosition) {
        position = newPosition;
    }
}
