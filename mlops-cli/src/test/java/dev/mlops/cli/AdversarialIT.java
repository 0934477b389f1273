package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The findings of an adversarial run of the command, each repeated against the real jar: what an
 * attacker or a careless operator tried, and what the command must do instead.
 */
@DisplayName("What an adversarial run found, repeated")
class AdversarialIT {

    private static final String KEY = "adversarial-signing-key-of-32-bytes!";
    private static final Path DATA = Path.of(System.getProperty("mlops.data.dir"));

    @TempDir
    Path dir;

    private Path artifact() throws Exception {
        return Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3, 4});
    }

    private String h2() {
        return "jdbc:h2:" + dir.resolve("h2").resolve("registry").toAbsolutePath();
    }

    @Nested
    @DisplayName("the command line")
    class CommandLine {

        @Test
        @DisplayName("@FILE is not expanded: the reason stored is the text given, not a file's content")
        void noArgumentFiles() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            Path secret = Files.writeString(dir.resolve("secret.txt"), "the content of a private file");
            mlops.run("models", "register", "m", "--artifact", artifact().toString()).expect(0);
            mlops.run("models", "promote", "m", "1", "--to", "testing", "--reason", "@" + secret).expect(0);
            JsonNode history = mlops.run("models", "history", "m", "--format", "json").expect(0).json();
            assertThat(history.get(1).get("reason").asText()).isEqualTo("@" + secret);
            assertThat(mlops.run("models", "history", "m").expect(0).out())
                    .doesNotContain("the content of a private file");
        }

        @Test
        @DisplayName("route assign quotes unit ids per RFC 4180")
        void quotedCsv() throws Exception {
            Path experiment = Files.writeString(dir.resolve("exp.json"), "{\"id\":\"e\",\"salt\":\"s\","
                    + "\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":1}]}");
            Path units = Files.writeString(dir.resolve("units.txt"),
                    "plain\nwith,comma\nwith \"quotes\"\n", StandardCharsets.UTF_8);
            String out = new MlopsProcess(dir).run("route", "assign", "--experiment", experiment.toString(),
                    "--units", units.toString()).expect(0).out();
            assertThat(out).isEqualTo("plain,a\n\"with,comma\",a\n\"with \"\"quotes\"\"\",a\n");
        }
    }

    @Nested
    @DisplayName("terminal injection")
    class TerminalInjection {

        @Test
        @DisplayName("escapes and line breaks in tags, descriptions and reasons are escaped by show and history")
        void escaped() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            String forged = "ok\n9  2026-01-01T00:00:00Z  admin  promote  1  STAGING -> PRODUCTION  approved";
            mlops.run("models", "register", "m", "--artifact", artifact().toString(),
                    "--tag", "note=\u001b[2J\u001b[31mred\u001b[0m", "--description", "two\nlines").expect(0);
            mlops.run("models", "promote", "m", "1", "--to", "testing", "--reason", forged).expect(0);

            String show = mlops.run("models", "show", "m:1").expect(0).out();
            assertThat(show).doesNotContain("\u001b").contains("note=\\u001b[2J\\u001b[31mred\\u001b[0m")
                    .contains("two\\nlines");
            String history = mlops.run("models", "history", "m").expect(0).out();
            assertThat(history).doesNotContain("\u001b");
            assertThat(history.lines()).as("a header and two entries, no forged line").hasSize(3);
            assertThat(history).contains("ok\\n9  2026-01-01");
            JsonNode json = mlops.run("models", "history", "m", "--format", "json").expect(0).json();
            assertThat(json.get(1).get("reason").asText()).isEqualTo(forged);
        }
    }

    @Nested
    @DisplayName("credentials")
    class Credentials {

        @Test
        @DisplayName("a password in an H2 URL is never printed, also not for an empty store")
        void h2Password() {
            MlopsProcess.Result list = new MlopsProcess(dir).run("models", "list", "--store",
                    h2() + ";PASSWORD=hunter2-secret");
            assertThat(list.out() + list.err()).doesNotContain("hunter2-secret");
        }

        @Test
        @DisplayName("MLOPS_JDBC_PASSWORD and a password repeated by the driver are masked, also in --debug traces")
        void driverMessages() {
            MlopsProcess.Result bad = new MlopsProcess(dir).with("MLOPS_JDBC_PASSWORD", "env-secret-pw")
                    .run("models", "list", "--debug", "--store", "jdbc:postgresql://127.0.0.1:1/none?user=x");
            assertThat(bad.exitCode()).isEqualTo(ExitCodes.STORAGE);
            assertThat(bad.out() + bad.err()).doesNotContain("env-secret-pw");
            MlopsProcess.Result malformed = new MlopsProcess(dir).run("models", "list", "--debug", "--store",
                    "jdbc:mariadb://root:url-secret-pw@127.0.0.1:1/test");
            assertThat(malformed.exitCode()).isNotZero();
            assertThat(malformed.out() + malformed.err()).doesNotContain("url-secret-pw");
        }
    }

    @Nested
    @DisplayName("stated limits")
    class Limits {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"file", "h2"})
        @DisplayName("a 60,000-character tag key is refused with exit 2 naming the limit, and the store stays readable")
        void oversizedKey(String store) throws Exception {
            String uri = store.equals("file") ? "file:" + dir.resolve("fs") : h2();
            MlopsProcess mlops = new MlopsProcess(dir).with("MLOPS_STORE", uri);
            mlops.run("models", "register", "keep", "--artifact", artifact().toString()).expect(0);
            MlopsProcess.Result refused = mlops.run("models", "register", "m", "--artifact",
                    artifact().toString(), "--tag", "k".repeat(60_000) + "=v").expect(2);
            assertThat(refused.err()).contains("tag key").contains("the limit is 250")
                    .hasSizeLessThan(400);
            assertThat(mlops.run("models", "list").expect(0).out()).contains("keep");
            mlops.run("models", "show", "keep").expect(0);
            mlops.run("audit", "verify").expect(0);
        }
    }

    @Nested
    @DisplayName("tamper evidence")
    class Tampering {

        @Test
        @DisplayName("deleting a model's newest log file is found by audit verify")
        void newestLogFile() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            mlops.run("models", "register", "m", "--artifact", artifact().toString()).expect(0);
            mlops.run("models", "promote", "m", "1", "--to", "testing").expect(0);
            Path log = dir.resolve("mlops-store/models/m/log");
            try (Stream<Path> files = Files.list(log)) {
                Files.delete(files.filter(f -> f.getFileName().toString().matches("\\d+\\.json"))
                        .sorted().reduce((a, b) -> b).orElseThrow());
            }
            MlopsProcess.Result verify = mlops.run("audit", "verify").expect(1);
            assertThat(verify.out()).contains("the newest entries were removed");
        }

        @Test
        @DisplayName("a store that requires signatures refuses a process without the key")
        void requiredSignatures() throws Exception {
            MlopsProcess keyed = new MlopsProcess(dir).with("MLOPS_SIGNING_KEY", KEY);
            keyed.run("models", "register", "m", "--artifact", artifact().toString()).expect(0);
            new MlopsProcess(dir).run("store", "require-signatures").expect(2);
            assertThat(keyed.run("store", "require-signatures").expect(0).out())
                    .contains("Signatures are now required");
            MlopsProcess keyless = new MlopsProcess(dir);
            MlopsProcess.Result download = keyless.run("models", "download", "m:1", "--out",
                    dir.resolve("out.bin").toString()).expect(5);
            assertThat(download.err()).contains("requires signatures");
            keyless.run("models", "show", "m:1").expect(0);
            keyed.run("models", "download", "m:1", "--out", dir.resolve("out.bin").toString()).expect(0);
        }
    }

    @Nested
    @DisplayName("data at its limits")
    class DataLimits {

        @Test
        @DisplayName("an empty current batch fails drift with exit 2, not a verdict of no drift")
        void emptyBatch() throws Exception {
            Path header = Files.writeString(dir.resolve("header.csv"),
                    Files.readAllLines(DATA.resolve("credit-g.csv")).get(0) + "\n");
            MlopsProcess.Result drift = new MlopsProcess(dir).run("drift", "--reference",
                    DATA.resolve("credit-g.csv").toString(), "--current", header.toString(), "--fail-on-drift")
                    .expect(2);
            assertThat(drift.err()).contains("header.csv").contains("no data rows");
        }

        @Test
        @DisplayName("bad training data exits 2: no rows, one class, one row, a 1e308 cell")
        void badTrainingData() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            for (String csv : List.of("x,y\n", "x,y\n1,a\n2,a\n3,a\n", "x,y\n1,a\n", "x,y\n1,a\n1e308,b\n3,a\n4,b\n")) {
                Path file = Files.writeString(dir.resolve("train.csv"), csv);
                MlopsProcess.Result train = mlops.run("train", "--data", file.toString(), "--label", "y");
                assertThat(train.exitCode()).as("%s: %s", csv, train.err()).isEqualTo(ExitCodes.USAGE);
                assertThat(train.err()).startsWith("mlops: ").contains("train.csv");
            }
        }

        @Test
        @DisplayName("a Latin-1 file is named with its line and 'not UTF-8'")
        void latin1() throws Exception {
            Path file = Files.write(dir.resolve("latin1.csv"),
                    "x,city\n1,Paris\n2,Z\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1));
            MlopsProcess.Result drift = new MlopsProcess(dir).run("drift", "--reference", file.toString(),
                    "--current", file.toString()).expect(2);
            assertThat(drift.err()).contains("latin1.csv: line 3: not UTF-8: byte 0xFC");
        }

        @Test
        @DisplayName("validate refuses a hex float as predict and drift do")
        void hexFloats() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            mlops.run("train", "--data", DATA.resolve("breast-cancer.csv").toString(), "--label", "diagnosis",
                    "--register", "cancer").expect(0);
            List<String> lines = Files.readAllLines(DATA.resolve("breast-cancer.csv"));
            // mean_radius, the first column, of the first row, in Java's hexadecimal notation
            lines.set(1, "0x1p3" + lines.get(1).substring(lines.get(1).indexOf(',')));
            Path file = Files.write(dir.resolve("hex.csv"), lines);
            MlopsProcess.Result validate = mlops.run("validate", "cancer:1", "--data", file.toString(),
                    "--label", "diagnosis").expect(2);
            assertThat(validate.err()).contains("not a number: '0x1p3'");
            mlops.run("predict", "cancer:1", "--data", file.toString()).expect(2);
        }
    }

    @Nested
    @DisplayName("exit codes")
    class Codes {

        @Test
        @DisplayName("a damaged store marker is a storage error, exit 5")
        void garbageMarker() throws Exception {
            MlopsProcess mlops = new MlopsProcess(dir);
            mlops.run("models", "register", "m", "--artifact", artifact().toString()).expect(0);
            Files.writeString(dir.resolve("mlops-store/mlops-store.json"), "\u0000garbage{");
            assertThat(mlops.run("models", "list").expect(5).err()).contains("mlops-store.json")
                    .contains("damaged");
        }

        @Test
        @DisplayName("running out of memory is exit 5 with a sentence, not a stack trace")
        void outOfMemory() throws Exception {
            byte[] big = new byte[64 << 20];
            new java.util.Random(1).nextBytes(big);
            Path file = Files.write(dir.resolve("big.bin"), big);
            MlopsProcess.Result result = new MlopsProcess(dir).heap("12m").run("models", "register", "big",
                    "--store", h2(), "--artifact", file.toString());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.STORAGE);
            assertThat(result.err()).startsWith("mlops: ").doesNotContain("\tat ");
        }
    }
}
