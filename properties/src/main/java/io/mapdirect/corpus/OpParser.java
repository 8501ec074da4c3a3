package io.mapdirect.corpus;

import io.mapdirect.events.Op;
import io.mapdirect.harness.Returns;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses one operation: {@code [resource =] name(arg=value, ...)}, checking names, types and required arguments. */
final class OpParser {
    private final Cursor c;

    OpParser(Cursor c) {
        this.c = c;
    }

    Op parse() throws CorpusException {
        Cursor.Token first = c.token("an operation like open(...) or r0 = open(...)");
        String result = null;
        Cursor.Token nameToken = first;
        if (first.text().indexOf('(') < 0 && c.peek() == '=') {
            c.expect('=');
            if (!first.text().matches("[a-z][a-z0-9_]*")) {
                throw c.errorAt(first, "a resource name like r0 before '='");
            }
            result = first.text();
            nameToken = callName();
        } else {
            nameToken = splitCall(first);
        }
        OpSyntax.Form form = OpSyntax.named(nameToken.text());
        if (form == null) {
            throw c.errorAt(nameToken, "unknown operation '" + nameToken.text() + "'; operations are " + OpSyntax.names());
        }
        if (result != null && !form.hasResult()) {
            throw c.errorAt(first, form.name() + " defines no resource; drop '" + result + " ='");
        }
        Map<String, Object> values = arguments(form);
        if (!c.atEnd() && c.peek() != '=') {
            throw c.error("unexpected text after the closing ')'; expected the end of the line or '=> RESULT'");
        }
        try {
            return form.build().apply(new OpSyntax.Values(result, values));
        } catch (RuntimeException e) {
            throw c.errorAt(nameToken, "cannot build " + form.name() + ": " + e.getMessage());
        }
    }

    /**
     * The optional result check after the operation: {@code => RESULT} or {@code => RESULT at TIME};
     * null when the line ends after the operation.
     */
    Returns returns() throws CorpusException {
        if (c.atEnd()) {
            return null;
        }
        c.expect('=');
        c.expect('>');
        Cursor.Token result = c.token("a result after '=>' like 0, ok, EACCES, SIGBUS or landed");
        if (!ResultWords.isResult(result.text())) {
            throw c.errorAt(result, "a result like 0, ok, EACCES, SIGBUS or landed, not '" + result.text() + "'");
        }
        long atNs = Returns.ANY_TIME;
        if (!c.atEnd()) {
            Cursor.Token at = c.token("'at' and a virtual time like 1s");
            if (!at.text().equals("at")) {
                throw c.errorAt(at, "expected 'at TIME' or the end of the line after the result");
            }
            atNs = c.boundedDuration(c.token("a virtual time like 45s or 10ms after 'at'"), Limit.DURATION, "the time");
        }
        if (!c.atEnd()) {
            throw c.error("unexpected text after the result check");
        }
        return new Returns(result.text(), atNs);
    }

    /** After {@code r0 =}: the call name up to '('. */
    private Cursor.Token callName() throws CorpusException {
        c.skipSpaces();
        int start = c.position();
        String text = c.text();
        int i = start;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        if (i == start) {
            throw c.error("expected an operation name");
        }
        c.advanceTo(i);
        return new Cursor.Token(text.substring(start, i), start + 1);
    }

    /** The first token may run into '(' ("open(path=..."): split it there. */
    private Cursor.Token splitCall(Cursor.Token token) {
        int paren = token.text().indexOf('(');
        if (paren < 0) {
            return token;
        }
        c.advanceTo(token.column() - 1 + paren);
        return new Cursor.Token(token.text().substring(0, paren), token.column());
    }

    private Map<String, Object> arguments(OpSyntax.Form form) throws CorpusException {
        c.expect('(');
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, OpSyntax.Arg> byName = new LinkedHashMap<>();
        for (OpSyntax.Arg arg : form.args()) {
            byName.put(arg.name(), arg);
        }
        if (c.peek() != ')') {
            do {
                Cursor.Token key = c.token("an argument name");
                OpSyntax.Arg arg = byName.get(key.text());
                if (arg == null) {
                    throw c.errorAt(key, form.name() + " has no argument '" + key.text() + "'; it takes "
                            + byName.keySet());
                }
                if (values.containsKey(arg.name())) {
                    throw c.errorAt(key, key.text() + " given twice");
                }
                c.expect('=');
                Cursor.Token value = c.token("a value for " + key.text());
                try {
                    values.put(arg.name(), arg.type().parse(value.text()));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw c.errorAt(value, key.text() + " expects " + e.getMessage());
                }
            } while (consumeComma());
        }
        c.expect(')');
        for (OpSyntax.Arg arg : form.args()) {
            if (!values.containsKey(arg.name())) {
                if (!arg.optional()) {
                    throw c.error(form.name() + " needs " + arg.name() + "=...");
                }
                values.put(arg.name(), arg.defaultValue());
            }
        }
        return values;
    }

    private boolean consumeComma() throws CorpusException {
        if (c.peek() == ',') {
            c.expect(',');
            return true;
        }
        return false;
    }
}
