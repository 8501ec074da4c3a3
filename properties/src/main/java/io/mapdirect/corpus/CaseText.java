package io.mapdirect.corpus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text of a case file from its bytes: at most {@link Limit#FILE_BYTES}, strict UTF-8. A byte that
 * is not UTF-8 (a binary file) is reported at its line and column, and its byte offset, never as an
 * exception.
 */
final class CaseText {
    private CaseText() {
    }

    /** The text of {@code bytes}; {@code file} names it in errors. */
    static String decode(String file, byte[] bytes) throws CorpusException {
        checkSize(file, bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw notUtf8(file, bytes, in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** A file longer than {@link Limit#FILE_BYTES} is malformed before it is read. */
    static void checkSize(String file, long sizeBytes) throws CorpusException {
        if (!Limit.FILE_BYTES.allows(sizeBytes)) {
            throw new CorpusException(file, 1, 1, Limit.FILE_BYTES.exceeded("the file", sizeBytes + " bytes"));
        }
    }

    private static CorpusException notUtf8(String file, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = characters(bytes, lineStart, offset) + 1;
        return new CorpusException(file, line, column, String.format(Locale.ROOT,
                "byte 0x%02X at offset %d is not UTF-8: a case is UTF-8 text (is this a binary file?)",
                bytes[offset] & 0xff, offset));
    }

    /** How many characters the valid UTF-8 bytes {@code [from, to)} hold (lead bytes only). */
    private static int characters(byte[] bytes, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }
}
