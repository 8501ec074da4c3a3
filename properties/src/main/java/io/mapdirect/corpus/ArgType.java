package io.mapdirect.corpus;

import io.mapdirect.fs.FileLock;
import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.Signal;
import io.mapdirect.mm.FlagSyntaxException;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.syscalls.MemoryCalls;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kinds of operation arguments in the corpus format, each with its text form both ways. Parsing
 * throws {@link IllegalArgumentException} with a message that says what was expected; the parser
 * adds the file, line and column.
 */
enum ArgType {
    /** A resource name: {@code r0}. */
    RESOURCE("a resource name: a lower-case letter, then letters, digits, `_` (`r0`, `r12`)") {
        @Override
        Object parse(String text) {
            if (!text.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("a resource name like r0");
            }
            return text;
        }
    },
    /** An actor or device name: {@code p1}, {@code nic}, {@code dax0.0}. */
    NAME("an actor or device name (`p1`, `c0`, `nic`, `dax0.0`)") {
        @Override
        Object parse(String text) {
            if (!text.matches("[A-Za-z][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("a name like p1 or nic");
            }
            return text;
        }
    },
    /** A path: {@code /xfs/f}. */
    PATH("an absolute path (`/xfs/f`, `/plain/h`, `/dev/dax0.0`)") {
        @Override
        Object parse(String text) {
            if (!text.matches("/[A-Za-z0-9_./-]+")) {
                throw new IllegalArgumentException("an absolute path like /xfs/f");
            }
            return text;
        }
    },
    /** A number: decimal or {@code 0x} hex, optionally negative. */
    NUMBER("a decimal or `0x` hex 64-bit number, optionally negative (`4096`, `0x1000`)") {
        @Override
        Object parse(String text) {
            return parseNumber(text);
        }
    },
    /** A byte length or offset, within {@link Limit#BYTES}. */
    BYTES("a byte length or offset: a number as above, ") {
        @Override
        Object parse(String text) {
            return bounded(parseNumber(text), Limit.BYTES, text);
        }
    },
    /** A page index inside a mapping, within {@link Limit#PAGE}. */
    PAGE("a page index inside a mapping: a number as above, ") {
        @Override
        Object parse(String text) {
            return bounded(parseNumber(text), Limit.PAGE, text);
        }
    },
    /** Whole seconds of a sysctl, within {@link Limit#SYSCTL_SECONDS}. */
    SECONDS("whole seconds: a number as above, ") {
        @Override
        Object parse(String text) {
            return bounded(parseNumber(text), Limit.SYSCTL_SECONDS, text);
        }
    },
    /** A virtual duration: a number with ns, us, ms or s, within {@link Limit#DURATION}. */
    DURATION("a virtual duration: a whole number with `ns`, `us`, `ms` or `s` (`1ns`, `500ms`, `45s`), ") {
        @Override
        Object parse(String text) {
            long ns;
            try {
                ns = parseDuration(text);
            } catch (ArithmeticException e) {
                ns = Long.MAX_VALUE; // past any limit: reported as such below
            }
            return bounded(ns, Limit.DURATION, text);
        }

        @Override
        String format(Object value) {
            return formatDuration((Long) value);
        }
    },
    /** open(2) flags: {@code O_RDWR|O_CREAT}. */
    OPEN_FLAGS("open(2) flags joined by `|`: ") {
        @Override
        Object parse(String text) {
            return parseBits(text, OPEN_BITS, "open flags like O_RDWR|O_CREAT");
        }

        @Override
        String format(Object value) {
            return OpenFlags.describe((Integer) value);
        }
    },
    /** mmap prot: {@code READ|WRITE}, {@code RW}, {@code R}, {@code NONE}. */
    PROT("mmap prot: `RW`, `R`, `W`, `RWX`, `NONE`, or `READ|WRITE|EXEC` words") {
        @Override
        Object parse(String text) {
            return switch (text) {
                case "RW" -> MmapFlags.PROT_READ | MmapFlags.PROT_WRITE;
                case "R" -> MmapFlags.PROT_READ;
                case "W" -> MmapFlags.PROT_WRITE;
                case "RWX" -> MmapFlags.PROT_READ | MmapFlags.PROT_WRITE | MmapFlags.PROT_EXEC;
                default -> {
                    try {
                        yield MmapFlags.parseProt(text);
                    } catch (FlagSyntaxException e) {
                        throw new IllegalArgumentException("prot like READ|WRITE or RW (" + e.getMessage() + ")");
                    }
                }
            };
        }

        @Override
        String format(Object value) {
            return MmapFlags.describeProt((Integer) value);
        }
    },
    /** mmap flags: {@code SHARED_VALIDATE|DIRECT}. */
    MAP_FLAGS("mmap flags joined by `|`: `SHARED`, `PRIVATE`, `SHARED_VALIDATE`, `ANONYMOUS`, `FIXED`, `SYNC`, `DIRECT`, ... or a hex bit (`0x800000`)") {
        @Override
        Object parse(String text) {
            try {
                return MmapFlags.parse(text);
            } catch (FlagSyntaxException e) {
                throw new IllegalArgumentException("mmap flags like SHARED_VALIDATE|DIRECT (" + e.getMessage() + ")");
            }
        }

        @Override
        String format(Object value) {
            return MmapFlags.describe(FlagProfile.SEED_2017, (Integer) value);
        }
    },
    /** fallocate mode: {@code 0}, {@code KEEP_SIZE|PUNCH_HOLE}, {@code ZERO_RANGE}, {@code COLLAPSE_RANGE}, {@code INSERT_RANGE}. */
    FALLOC_MODE("a fallocate mode joined by `|`: ") {
        @Override
        Object parse(String text) {
            return parseBits(text, FALLOC_BITS, "a fallocate mode like KEEP_SIZE|PUNCH_HOLE or 0");
        }

        @Override
        String format(Object value) {
            return formatBits((Integer) value, FALLOC_BITS);
        }
    },
    /** Lease type: {@code F_RDLCK}, {@code F_WRLCK}, {@code F_UNLCK}, each maybe {@code |F_LAYOUT} (the 2019 RFC). */
    LEASE_TYPE("`F_RDLCK`, `F_WRLCK` or `F_UNLCK`, each maybe `|F_LAYOUT`") {
        @Override
        Object parse(String text) {
            boolean layout = text.endsWith("|F_LAYOUT");
            String type = layout ? text.substring(0, text.length() - "|F_LAYOUT".length()) : text;
            int value = switch (type) {
                case "F_RDLCK" -> FileLock.F_RDLCK;
                case "F_WRLCK" -> FileLock.F_WRLCK;
                case "F_UNLCK" -> FileLock.F_UNLCK;
                default -> throw new IllegalArgumentException("F_RDLCK, F_WRLCK or F_UNLCK, maybe with |F_LAYOUT");
            };
            return layout ? value | FileLock.F_LAYOUT : value;
        }

        @Override
        String format(Object value) {
            return FileLock.typeName((Integer) value);
        }
    },
    /** msync flags: {@code MS_SYNC}, {@code MS_ASYNC|MS_INVALIDATE}. */
    MSYNC_FLAGS("msync flags joined by `|`: ") {
        @Override
        Object parse(String text) {
            return parseBits(text, MSYNC_BITS, "msync flags like MS_SYNC");
        }

        @Override
        String format(Object value) {
            return formatBits((Integer) value, MSYNC_BITS);
        }
    },
    /** A signal: {@code SIGINT}, {@code SIGUSR1}. */
    SIGNAL("a signal name: ") {
        @Override
        Object parse(String text) {
            try {
                return Signal.valueOf(text).name();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a signal like SIGINT or SIGUSR1");
            }
        }
    };

    static final Map<String, Integer> OPEN_BITS = ordered(
            "O_RDONLY", OpenFlags.O_RDONLY, "O_WRONLY", OpenFlags.O_WRONLY, "O_RDWR", OpenFlags.O_RDWR,
            "O_CREAT", OpenFlags.O_CREAT, "O_EXCL", OpenFlags.O_EXCL, "O_TRUNC", OpenFlags.O_TRUNC,
            "O_NONBLOCK", OpenFlags.O_NONBLOCK);
    static final Map<String, Integer> FALLOC_BITS = ordered("KEEP_SIZE", 0x01, "PUNCH_HOLE", 0x02,
            "COLLAPSE_RANGE", 0x08, "ZERO_RANGE", 0x10, "INSERT_RANGE", 0x20);
    static final Map<String, Integer> MSYNC_BITS = ordered("MS_ASYNC", MemoryCalls.MS_ASYNC,
            "MS_INVALIDATE", MemoryCalls.MS_INVALIDATE, "MS_SYNC", MemoryCalls.MS_SYNC);

    private final String syntax;

    ArgType(String syntax) {
        this.syntax = syntax;
    }

    /** How a value is written, for FORMAT.md (generated from the parser's own tables). */
    String syntax() {
        return switch (this) {
            case OPEN_FLAGS -> syntax + words(OPEN_BITS.keySet());
            case FALLOC_MODE -> syntax + words(FALLOC_BITS.keySet()) + " or `0`";
            case MSYNC_FLAGS -> syntax + words(MSYNC_BITS.keySet());
            case SIGNAL -> syntax + words(java.util.Arrays.stream(Signal.values()).map(Enum::name).toList());
            case BYTES -> syntax + Limit.BYTES.range();
            case PAGE -> syntax + Limit.PAGE.range();
            case SECONDS -> syntax + Limit.SYSCTL_SECONDS.range();
            case DURATION -> syntax + Limit.DURATION.range();
            default -> syntax;
        };
    }

    private static String words(java.util.Collection<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    /** Parses the text of one argument value. */
    abstract Object parse(String text);

    /** The text of one argument value. */
    String format(Object value) {
        return String.valueOf(value);
    }

    private static Map<String, Integer> ordered(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }

    /** {@code value} if {@code limit} allows it; else the error names the range. */
    private static long bounded(long value, Limit limit, String text) {
        if (!limit.allows(value)) {
            throw new IllegalArgumentException(limit.range() + " (the format's limit), not " + text);
        }
        return value;
    }

    static long parseNumber(String text) {
        try {
            boolean negative = text.startsWith("-");
            String digits = negative ? text.substring(1) : text;
            long value = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a number like 4096 or 0x1000");
        }
    }

    static long parseDuration(String text) {
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
        for (String[] unit : units) {
            if (text.endsWith(unit[0]) && text.length() > unit[0].length()
                    && Character.isDigit(text.charAt(text.length() - unit[0].length() - 1))) {
                long amount = parseNumber(text.substring(0, text.length() - unit[0].length()));
                return Math.multiplyExact(amount, Long.parseLong(unit[1]));
            }
        }
        throw new IllegalArgumentException("a duration like 10ms, 1s or 5ns");
    }

    static String formatDuration(long ns) {
        if (ns != 0 && ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns != 0 && ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        if (ns != 0 && ns % 1_000L == 0) {
            return ns / 1_000L + "us";
        }
        return ns + "ns";
    }

    static int parseBits(String text, Map<String, Integer> names, String expected) {
        int value = 0;
        for (String token : text.split("\\|", -1)) {
            String name = token.trim();
            if (names.containsKey(name)) {
                value |= names.get(name);
            } else if (name.matches("0x[0-9a-fA-F]+|[0-9]+")) {
                value |= (int) parseNumber(name);
            } else {
                throw new IllegalArgumentException(expected + " (unknown '" + name + "')");
            }
        }
        return value;
    }

    static String formatBits(int value, Map<String, Integer> names) {
        StringBuilder out = new StringBuilder();
        int rest = value;
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if (e.getValue() != 0 && (rest & e.getValue()) == e.getValue()) {
                out.append(out.isEmpty() ? "" : "|").append(e.getKey());
                rest &= ~e.getValue();
            }
        }
        if (rest != 0 || out.isEmpty()) {
            out.append(out.isEmpty() ? "" : "|").append(rest == 0 ? "0" : "0x" + Integer.toHexString(rest));
        }
        return out.toString();
    }
}
