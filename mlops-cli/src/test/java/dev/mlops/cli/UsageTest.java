package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("Usage errors exit 2 with a message naming the argument, and write nothing")
class UsageTest {

    @TempDir
    Path dir;

    private String store() {
        return "file:" + dir.resolve("store");
    }

    private Path artifact() throws IOException {
        return Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3});
    }

    @Test
    @DisplayName("a command group without a command names the choices")
    void missingCommand() {
        CliRun run = CliRun.of("models");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("mlops: ").contains("register", "verify", "download");
        assertThat(run.out()).isEmpty();
    }

    @Test
    @DisplayName("a mistyped command is a usage error with a suggestion")
    void unknownCommand() {
        CliRun run = CliRun.of("models", "regster");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'regster'").contains("did you mean register");
    }

    @Test
    @DisplayName("an unknown option is a usage error, not picocli's default exit code")
    void unknownOption() {
        CliRun run = CliRun.of("models", "list", "--colour", "red");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--colour");
    }

    @Test
    @DisplayName("a missing required option is named")
    void missingArtifact() {
        CliRun run = CliRun.of("models", "register", "churn", "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--artifact");
    }

    @Test
    @DisplayName("a metric that is not a finite number names the flag and the value")
    void badMetric() throws IOException {
        Path artifact = artifact();
        for (String value : new String[] {"abc", "NaN", "Infinity", ""}) {
            CliRun run = CliRun.of("models", "register", "churn", "--artifact", artifact.toString(),
                    "--metric", "auc=" + value, "--store", store());
            assertThat(run.exitCode()).as(value).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(value).startsWith("mlops: --metric auc=" + value);
        }
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    @DisplayName("a key=value option without '=' is a usage error")
    void badPair() throws IOException {
        CliRun run = CliRun.of("models", "register", "churn", "--artifact", artifact().toString(),
                "--param", "lr", "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--param");
    }

    @Test
    @DisplayName("an artifact that does not exist is named")
    void missingArtifactFile() {
        CliRun run = CliRun.of("models", "register", "churn", "--artifact", "nope.bin",
                "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("mlops: --artifact nope.bin: no such file\n");
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    @DisplayName("a model name that escapes the store is refused before the store is opened")
    void pathName() throws IOException {
        CliRun run = CliRun.of("models", "register", "../x", "--artifact", artifact().toString(),
                "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'../x'");
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    @DisplayName("an unknown stage names the valid ones")
    void badStage() {
        CliRun run = CliRun.of("models", "promote", "churn", "1", "--to", "live", "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--to").contains("'live'").contains("production");
    }

    @Test
    @DisplayName("a version that is not a number is a usage error")
    void badVersion() {
        CliRun run = CliRun.of("models", "alias", "churn", "champion", "one", "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'one'");
    }

    @Test
    @DisplayName("a malformed reference is a usage error")
    void badReference() {
        CliRun run = CliRun.of("models", "show", "churn:x", "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'x'");
    }

    @Test
    @DisplayName("a store URI without a scheme is a configuration error, exit 2")
    void badStore() {
        CliRun run = CliRun.of("models", "list", "--store", "/var/models");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("mlops: ").contains("/var/models");
    }

    @Test
    @DisplayName("an unknown output format is a usage error")
    void badFormat() {
        CliRun run = CliRun.of("models", "list", "--format", "yaml", "--store", store());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--format").contains("yaml");
    }

    @Test
    @DisplayName("help goes to stdout and exits 0, for every command")
    void help() {
        for (String[] args : new String[][] {{"--help"}, {"models", "--help"},
                {"models", "register", "--help"}, {"models", "promote", "-h"},
                {"audit", "verify", "--help"}, {"demo", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).startsWith("Usage: mlops");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    @DisplayName("help of every command and subcommand prints no picocli warning (a stray % in a description)")
    void helpWithoutWarnings() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<List<String>> paths = new ArrayList<>();
            commands(new CommandLine(new MlopsCommand()), new ArrayList<>(), paths);
            assertThat(paths).contains(List.of("validate"), List.of("drift"),
                    List.of("route", "analyze"));
            for (List<String> path : paths) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                CliRun run = CliRun.of(args.toArray(String[]::new));
                assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
                assertThat(run.err()).as(String.join(" ", args)).isEmpty();
                assertThat(run.out()).as(String.join(" ", args)).startsWith("Usage: mlops");
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void commands(CommandLine command, List<String> path,
            List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) {  // an alias of a command listed under its name
                return;
            }
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            commands(sub, deeper, paths);
        });
    }

    @Test
    @DisplayName("under --format json a failing command still prints one JSON document: the error, with its exit code")
    void jsonErrorDocument() throws IOException {
        CliRun missing = CliRun.of("models", "show", "churn:1", "--format", "json", "--store", store());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode error = new ObjectMapper()
                .readTree(missing.out()).get("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(error.get("message").asText()).contains("churn");
        assertThat(missing.err()).startsWith("mlops: ").contains(error.get("message").asText());

        CliRun usage = CliRun.of("models", "list", "--format=json", "--colour", "red");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
        JsonNode document = new ObjectMapper()
                .readTree(usage.out());
        assertThat(document.get("error").get("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
        assertThat(document.get("error").get("message").asText()).contains("--colour");
        assertThat(document.size()).isEqualTo(1);

        CliRun text = CliRun.of("models", "show", "churn:1", "--store", store());
        assertThat(text.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(text.out()).as("text output stays empty on failure").isEmpty();
    }

    @Test
    @DisplayName("stack traces appear only with --debug")
    void debug() {
        CliRun quiet = CliRun.of("models", "list", "--store", "nosuchscheme:x");
        CliRun loud = CliRun.of("models", "list", "--store", "nosuchscheme:x", "--debug");
        assertThat(quiet.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(quiet.err()).doesNotContain("\tat ");
        assertThat(loud.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(loud.err()).contains("\tat dev.mlops.");
    }
}
