package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's Java is the examples' code: every {@code java} block is, character for character, a
 * source file of this module (so it compiles and {@link ExamplesTest} or the kit runs it), and every
 * example program is on the page.
 */
class ReadmeTest {

    private static final Path README = Path.of(System.getProperty("mlops.readme"));
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

    /** A Java block of the README: the line its code starts on, and the code. */
    private record Block(int line, String code) {
    }

    private static List<Block> blocks() throws IOException {
        String page = Files.readString(README, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(page);
        while (m.find()) {
            int line = (int) page.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
            blocks.add(new Block(line, m.group(1)));
        }
        return blocks;
    }

    /** Every Java source of this module, main and test, by path. */
    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> sources = new LinkedHashMap<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    sources.put(file, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return sources;
    }

    @Test
    @DisplayName("every Java block of the README is a whole source file of mlops-examples, verbatim")
    void blocksAreSources() throws IOException {
        List<Block> blocks = blocks();
        Map<Path, String> sources = sources();
        assertThat(blocks).as("Java blocks in " + README).hasSizeGreaterThanOrEqualTo(6);
        List<String> problems = new ArrayList<>();
        for (Block block : blocks) {
            boolean verbatim = sources.containsValue(block.code());
            if (!verbatim) {
                problems.add("README.md line " + block.line() + ": " + why(block, sources));
            }
        }
        assertThat(problems).as("blocks that are not an example source as it is").isEmpty();
    }

    @Test
    @DisplayName("every example program is shown on the README")
    void programsAreShown() throws IOException {
        List<String> codes = blocks().stream().map(Block::code).toList();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/mlops/examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String program = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(codes).as(file + " is on the README").contains(program);
            }
        }
    }

    /** Which file the block should be, and where the two part. */
    private static String why(Block block, Map<Path, String> sources) {
        Matcher declared = CLASS.matcher(block.code());
        if (!declared.find()) {
            return "declares no class: a README block is a whole file (package, imports, class)";
        }
        String name = declared.group(1);
        for (Map.Entry<Path, String> source : sources.entrySet()) {
            if (source.getKey().getFileName().toString().equals(name + ".java")) {
                String[] page = block.code().split("\n", -1);
                String[] file = source.getValue().split("\n", -1);
                for (int i = 0; i < Math.max(page.length, file.length); i++) {
                    String a = i < page.length ? page[i] : "(end of block)";
                    String b = i < file.length ? file[i] : "(end of file)";
                    if (!a.equals(b)) {
                        return "class " + name + " differs from " + source.getKey() + " at its line " + (i + 1)
                                + ":\n  README: " + a + "\n  source: " + b;
                    }
                }
            }
        }
        return "class " + name + " is not a source of mlops-examples";
    }
}
