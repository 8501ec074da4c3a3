package io.mapdirect.kernelmap;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithJavadoc;
import com.github.javaparser.javadoc.Javadoc;
import com.github.javaparser.javadoc.JavadocBlockTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the model's sources: the {@code @kernel} / {@code @departure} tags of every javadoc, the
 * places that consult a repair or a known bug, and the one-line descriptions of both registries.
 */
final class SourceTags {
    private static final Pattern REPAIRED = Pattern.compile("\\brepaired\\(\\s*Repair\\.([A-Z0-9_]+)\\s*\\)");
    private static final Pattern BUG = Pattern.compile("\\bbug\\(\\s*KnownBug\\.([A-Z0-9_]+)\\s*\\)");

    /**
     * What the scan found.
     *
     * @param mirrors       every javadoc with {@code @kernel} tags, in source order (files sorted)
     * @param problems      malformed tags, each naming the file and element
     * @param repairsUsedIn for each repair constant consulted in code, the classes that consult it
     * @param bugsUsedIn    for each known bug consulted in code, the classes that consult it
     * @param constantDocs  the first sentence of the javadoc of each {@code Repair} and {@code KnownBug} constant
     */
    record Scan(List<Mirror> mirrors, List<String> problems, Map<String, List<String>> repairsUsedIn,
                Map<String, List<String>> bugsUsedIn, Map<String, String> constantDocs) {
    }

    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
    private final List<Mirror> mirrors = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, List<String>> repairsUsedIn = new TreeMap<>();
    private final Map<String, List<String>> bugsUsedIn = new TreeMap<>();
    private final Map<String, String> constantDocs = new TreeMap<>();

    /** Scans every {@code .java} file under {@code root}. */
    static Scan scan(Path root) {
        SourceTags tags = new SourceTags();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                tags.scanFile(root, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scan(List.copyOf(tags.mirrors), List.copyOf(tags.problems), tags.repairsUsedIn, tags.bugsUsedIn,
                tags.constantDocs);
    }

    private void scanFile(Path root, Path file) throws IOException {
        String text = Files.readString(file);
        String relative = root.relativize(file).toString().replace('\\', '/');
        String className = file.getFileName().toString().replace(".java", "");
        collectUses(text, REPAIRED, className, repairsUsedIn);
        collectUses(text, BUG, className, bugsUsedIn);
        ParseResult<CompilationUnit> parsed = parser.parse(text);
        if (parsed.getResult().isEmpty() || !parsed.isSuccessful()) {
            problems.add(relative + ": does not parse: " + parsed.getProblems());
            return;
        }
        for (BodyDeclaration<?> declaration : parsed.getResult().get().findAll(BodyDeclaration.class)) {
            if (declaration instanceof NodeWithJavadoc<?> documented) {
                documented.getJavadoc().ifPresent(doc -> readJavadoc(relative, className, declaration, doc));
            }
        }
    }

    private static void collectUses(String text, Pattern pattern, String className, Map<String, List<String>> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            List<String> classes = into.computeIfAbsent(matcher.group(1), k -> new ArrayList<>());
            if (!classes.contains(className)) {
                classes.add(className);
            }
        }
    }

    private void readJavadoc(String source, String fileClass, BodyDeclaration<?> declaration, Javadoc doc) {
        String javaName = javaName(declaration);
        if (declaration instanceof EnumConstantDeclaration && (fileClass.equals("Repair") || fileClass.equals("KnownBug"))) {
            constantDocs.put(fileClass + "." + javaName.substring(javaName.indexOf('#') + 1), firstSentence(doc));
        }
        List<KernelRef> kernels = new ArrayList<>();
        List<Departure> departures = new ArrayList<>();
        for (JavadocBlockTag tag : doc.getBlockTags()) {
            String content = tag.getContent().toText();
            try {
                switch (tag.getTagName()) {
                    case "kernel" -> kernels.add(KernelRef.parse(content));
                    case "departure" -> departures.add(Departure.parse(content));
                    default -> { }
                }
            } catch (IllegalArgumentException e) {
                problems.add(source + " " + javaName + ": " + e.getMessage());
            }
        }
        if (!kernels.isEmpty()) {
            mirrors.add(new Mirror(javaName, source, kernels, departures));
        } else if (!departures.isEmpty()) {
            problems.add(source + " " + javaName + ": @departure without @kernel");
        }
    }

    private static String firstSentence(Javadoc doc) {
        String text = doc.getDescription().toText().strip().replaceAll("\\s+", " ");
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** {@code Outer.Inner} for a type, {@code Outer.Inner#member} for a member. */
    static String javaName(BodyDeclaration<?> declaration) {
        String member = switch (declaration) {
            case TypeDeclaration<?> type -> null;
            case CallableDeclaration<?> callable -> callable.getNameAsString();
            case FieldDeclaration field -> field.getVariable(0).getNameAsString();
            case EnumConstantDeclaration constant -> constant.getNameAsString();
            default -> declaration.getClass().getSimpleName();
        };
        String type = enclosingTypes(declaration);
        return member == null ? type : type + "#" + member;
    }

    private static String enclosingTypes(Node node) {
        List<String> names = new ArrayList<>();
        Node current = node;
        while (current != null) {
            if (current instanceof TypeDeclaration<?> type) {
                names.add(0, type.getNameAsString());
            }
            current = current.getParentNode().orElse(null);
        }
        return String.join(".", names);
    }
}
