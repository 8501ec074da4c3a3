package io.mapdirect.kernelmap;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code @kernel} tag: {@code <C file> <function>() [NN] [NN]...}, or {@code <C file> struct <name> [NN]...}
 * for a structure.
 *
 * @param file     the C file (or header)
 * @param function the function, without {@code ()}
 * @param messages the seed messages cited, in order ({@code [04]}); may be empty for 4.14 functions
 */
record KernelRef(String file, String function, List<String> messages) {
    KernelRef {
        messages = List.copyOf(messages);
    }

    String key() {
        return file + " " + function;
    }

    /** Parses the content of a {@code @kernel} tag. */
    static KernelRef parse(String content) {
        String[] words = content.strip().split("\\s+");
        boolean struct = words.length > 2 && words[1].equals("struct");
        if (words.length < 2 || words[0].isEmpty() || struct && words.length < 3) {
            throw new IllegalArgumentException("@kernel needs '<file> <function>() [NN]...', got '" + content.strip() + "'");
        }
        String name = struct ? words[2] : words[1];
        String function = name.endsWith("()") ? name.substring(0, name.length() - 2) : name;
        if (struct) {
            function = "struct " + function;
        }
        List<String> messages = new ArrayList<>();
        for (int i = struct ? 3 : 2; i < words.length; i++) {
            if (!words[i].matches("\\[\\d\\d]")) {
                throw new IllegalArgumentException("@kernel " + words[0] + " " + words[1] + ": expected [NN], got '" + words[i] + "'");
            }
            messages.add(words[i]);
        }
        return new KernelRef(words[0], function, messages);
    }
}
