package io.mapdirect.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One call of a lease sequence, on one of three open file descriptions {@code d0..d2} of one file (what
 * the kernel sees of a parent and a child: the JVM cannot fork safely). Text form, as in
 * {@code kernel-differences.md}: {@code open d0 RDONLY}, {@code open d1 WRONLY NONBLOCK}, {@code close d0},
 * {@code setlease d0 RDLCK|WRLCK|UNLCK}, {@code getlease d0}, {@code ftruncate d0 4096},
 * {@code truncate 0} (by path), {@code wait 1500} (milliseconds; fixed examples only).
 */
sealed interface LeaseOp {
    int DESCRIPTIONS = 3;
    List<String> ACCESS = List.of("RDONLY", "WRONLY", "RDWR");
    List<String> LEASE_TYPES = List.of("RDLCK", "WRLCK", "UNLCK");

    /** open(2) with access mode 0..2 ({@code O_RDONLY..O_RDWR}), with or without O_NONBLOCK. */
    record Open(int d, int access, boolean nonblock) implements LeaseOp {
        /** Without O_NONBLOCK it may sleep in the break. */
        @Override
        public boolean mayBlock() {
            return !nonblock;
        }

        @Override
        public String text() {
            return "open d" + d + " " + ACCESS.get(access) + (nonblock ? " NONBLOCK" : "");
        }
    }

    record Close(int d) implements LeaseOp {
        @Override
        public String text() {
            return "close d" + d;
        }
    }

    /** F_SETLEASE with type 0..2 ({@code F_RDLCK, F_WRLCK, F_UNLCK}). */
    record SetLease(int d, int type) implements LeaseOp {
        @Override
        public String text() {
            return "setlease d" + d + " " + LEASE_TYPES.get(type);
        }
    }

    record GetLease(int d) implements LeaseOp {
        @Override
        public String text() {
            return "getlease d" + d;
        }
    }

    record Ftruncate(int d, long lengthBytes) implements LeaseOp {
        @Override
        public String text() {
            return "ftruncate d" + d + " " + lengthBytes;
        }
    }

    /** truncate(2) by path: breaks every lease, the caller's own included. */
    record Truncate(long lengthBytes) implements LeaseOp {
        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public String text() {
            return "truncate " + lengthBytes;
        }
    }

    /** Lets time pass (virtual time in the model, real time on the kernel). */
    record Wait(long millis) implements LeaseOp {
        @Override
        public String text() {
            return "wait " + millis;
        }
    }

    String text();

    /** Whether the call may sleep in a lease break (it then runs on its own thread or task). */
    default boolean mayBlock() {
        return false;
    }

    /** The description the call uses, or -1 (truncate by path, wait). */
    default int description() {
        return switch (this) {
            case Open o -> o.d();
            case Close c -> c.d();
            case SetLease s -> s.d();
            case GetLease g -> g.d();
            case Ftruncate f -> f.d();
            case Truncate t -> -1;
            case Wait w -> -1;
        };
    }

    static String text(List<LeaseOp> ops) {
        return String.join(", ", ops.stream().map(LeaseOp::text).toList());
    }

    static List<LeaseOp> parseAll(String text) {
        List<LeaseOp> ops = new ArrayList<>();
        for (String op : text.split(",")) {
            ops.add(parse(op.trim()));
        }
        return ops;
    }

    static LeaseOp parse(String text) {
        String[] w = text.trim().split("\\s+");
        try {
            return switch (w[0]) {
                case "open" -> new Open(desc(w[1]), index(ACCESS, w[2]), w.length > 3 && w[3].equals("NONBLOCK"));
                case "close" -> new Close(desc(w[1]));
                case "setlease" -> new SetLease(desc(w[1]), index(LEASE_TYPES, w[2]));
                case "getlease" -> new GetLease(desc(w[1]));
                case "ftruncate" -> new Ftruncate(desc(w[1]), Long.parseLong(w[2]));
                case "truncate" -> new Truncate(Long.parseLong(w[1]));
                case "wait" -> new Wait(Long.parseLong(w[1]));
                default -> throw new IllegalArgumentException("unknown call");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a lease call: '" + text + "' (" + e.getMessage() + ")", e);
        }
    }

    private static int desc(String word) {
        int d = Integer.parseInt(word.substring(1));
        if (!word.startsWith("d") || d < 0 || d >= DESCRIPTIONS) {
            throw new IllegalArgumentException("no description " + word);
        }
        return d;
    }

    private static int index(List<String> names, String word) {
        int i = names.indexOf(word);
        if (i < 0) {
            throw new IllegalArgumentException(word + " is none of " + Arrays.toString(names.toArray()));
        }
        return i;
    }
}
