package io.mapdirect.mm;

import static io.mapdirect.mm.MmapFlags.*;

import io.mapdirect.kernel.FlagProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The text form of {@code prot} and {@code flags} words behind {@link MmapFlags#describe} and {@link MmapFlags#parse}. */
final class FlagText {
    private record Named(int bits, String name) { }

    private static final List<Named> MAP_TYPES = List.of(new Named(MAP_SHARED, "SHARED"),
            new Named(MAP_PRIVATE, "PRIVATE"), new Named(MAP_SHARED_VALIDATE, "SHARED_VALIDATE"),
            new Named(MAP_DROPPABLE, "DROPPABLE"));

    /** Single bits between the map type and the huge page size field, ascending; 0x80000 is named per profile. */
    private static final List<Named> MAP_BITS = List.of(new Named(MAP_FIXED, "FIXED"),
            new Named(MAP_ANONYMOUS, "ANONYMOUS"), new Named(MAP_32BIT, "32BIT"), new Named(MAP_ABOVE4G, "ABOVE4G"),
            new Named(MAP_GROWSDOWN, "GROWSDOWN"), new Named(MAP_DENYWRITE, "DENYWRITE"),
            new Named(MAP_EXECUTABLE, "EXECUTABLE"), new Named(MAP_LOCKED, "LOCKED"),
            new Named(MAP_NORESERVE, "NORESERVE"), new Named(MAP_POPULATE, "POPULATE"),
            new Named(MAP_NONBLOCK, "NONBLOCK"), new Named(MAP_STACK, "STACK"), new Named(MAP_HUGETLB, "HUGETLB"),
            new Named(MAP_DIRECT, "DIRECT"), new Named(MAP_FIXED_NOREPLACE, "FIXED_NOREPLACE"));

    /** Whole values of the huge page size field (bits 26..31) that have a name. */
    private static final List<Named> HUGE_FIELD = List.of(new Named(MAP_UNINITIALIZED, "UNINITIALIZED"),
            new Named(MAP_HUGE_2MB, "HUGE_2MB"), new Named(MAP_HUGE_1GB, "HUGE_1GB"));

    private static final List<Named> PROT_BITS = List.of(new Named(PROT_READ, "READ"), new Named(PROT_WRITE, "WRITE"),
            new Named(PROT_EXEC, "EXEC"), new Named(PROT_SEM, "SEM"), new Named(PROT_GROWSDOWN, "GROWSDOWN"),
            new Named(PROT_GROWSUP, "GROWSUP"));

    private static final int HUGE_FIELD_BITS = MAP_HUGE_MASK << MAP_HUGE_SHIFT;

    private static final Map<String, Integer> FLAG_NAMES = flagNames();
    private static final Map<String, Integer> PROT_NAMES = protNames();

    private FlagText() {
    }

    static String describeFlags(int flags, FlagProfile profile) {
        StringJoiner out = new StringJoiner("|");
        int rest = flags;
        for (Named type : MAP_TYPES) {
            if ((flags & MAP_TYPE) == type.bits()) {
                out.add(type.name());
                rest &= ~MAP_TYPE;
            }
        }
        for (Named bit : MAP_BITS) {
            if ((flags & bit.bits()) != 0) {
                out.add(bit.bits() == MAP_DIRECT && profile == FlagProfile.LINUX_6X ? "SYNC" : bit.name());
                rest &= ~bit.bits();
            }
        }
        for (Named huge : HUGE_FIELD) {
            if ((flags & HUGE_FIELD_BITS) == huge.bits()) {
                out.add(huge.name());
                rest &= ~HUGE_FIELD_BITS;
            }
        }
        if (rest != 0) {
            out.add("0x" + Integer.toHexString(rest));
        }
        return out.length() == 0 ? "0" : out.toString();
    }

    static String describeProt(int prot) {
        StringJoiner out = new StringJoiner("|");
        int rest = prot;
        for (Named bit : PROT_BITS) {
            if ((prot & bit.bits()) != 0) {
                out.add(bit.name());
                rest &= ~bit.bits();
            }
        }
        if (rest != 0) {
            out.add("0x" + Integer.toHexString(rest));
        }
        return out.length() == 0 ? "NONE" : out.toString();
    }

    static int parseFlags(String text) {
        return parse(text, "MAP_", FLAG_NAMES, "mmap flag");
    }

    static int parseProt(String text) {
        return parse(text, "PROT_", PROT_NAMES, "mmap prot");
    }

    private static int parse(String text, String prefix, Map<String, Integer> names, String kind) {
        int word = 0;
        for (String raw : text.split("\\|", -1)) {
            String token = raw.trim();
            String name = token.startsWith(prefix) ? token.substring(prefix.length()) : token;
            Integer bits = names.get(name);
            if (bits == null) {
                bits = number(token);
            }
            if (bits == null) {
                throw new FlagSyntaxException(kind, token, text);
            }
            word |= bits;
        }
        return word;
    }

    /** A hex ({@code 0x...}) or decimal token as an unsigned 32-bit word, or null. */
    private static Integer number(String token) {
        try {
            if (token.startsWith("0x") || token.startsWith("0X")) {
                return Integer.parseUnsignedInt(token.substring(2), 16);
            }
            return Integer.parseUnsignedInt(token);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static Map<String, Integer> flagNames() {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (List<Named> group : List.of(MAP_TYPES, MAP_BITS, HUGE_FIELD)) {
            for (Named named : group) {
                names.put(named.name(), named.bits());
            }
        }
        names.put("SYNC", MAP_SYNC);
        names.put("ANON", MAP_ANONYMOUS);
        return Map.copyOf(names);
    }

    private static Map<String, Integer> protNames() {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Named named : PROT_BITS) {
            names.put(named.name(), named.bits());
        }
        names.put("NONE", PROT_NONE);
        return Map.copyOf(names);
    }
}
