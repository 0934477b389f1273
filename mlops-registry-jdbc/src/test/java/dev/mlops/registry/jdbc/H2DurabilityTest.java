package dev.mlops.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file shared by processes through {@code AUTO_SERVER}: the process that opened the file first
 * serves it to the others, in child JVMs ({@link RegistryWorker}) as the command's runs would.
 */
@DisplayName("H2 file stores shared by processes")
class H2DurabilityTest {

    private static final int ROUNDS = 5;
    private static final int VERSIONS = 3;

    @TempDir
    Path temp;

    /** A worker that opens the registry (serving the file when it is the first) and waits. */
    private Process host(String url, Path err) throws IOException {
        Process host = ChildJvm.builder(RegistryWorker.class, "-Xmx128m", "register", url, "hosted",
                "1", "1").redirectError(err.toFile()).start();
        String first = new BufferedReader(new InputStreamReader(host.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        assertThat(first).as("host started; stderr: %s", read(err)).isEqualTo("ready");
        return host;
    }

    @Test
    @DisplayName("a write acknowledged to one process survives the SIGKILL of the process serving the file")
    void acknowledgedWritesSurviveTheHost() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String url = "jdbc:h2:file:" + temp.resolve("round-" + round).resolve("registry").toAbsolutePath();
            Process host = host(url, temp.resolve("host-" + round + ".err"));
            Path writerErr = temp.resolve("writer-" + round + ".err");
            try {
                Process writer = ChildJvm.builder(RegistryWorker.class, "-Xmx128m", "register", url,
                        "acked", "1", Integer.toString(VERSIONS)).redirectError(writerErr.toFile()).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).as("writer started; stderr: %s", read(writerErr))
                        .isEqualTo("ready");
                try (OutputStream in = writer.getOutputStream()) {
                    in.write("go\n".getBytes(StandardCharsets.UTF_8));
                }
                List<String> acknowledged = new ArrayList<>();
                for (String line; (line = out.readLine()) != null; ) {
                    acknowledged.add(line);
                }
                assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(writer.exitValue()).as("writer exit; stderr: %s", read(writerErr)).isZero();
                assertThat(acknowledged).hasSize(VERSIONS);
            } finally {
                // at once, as SIGKILL: the host has no chance to write anything it held back
                host.destroyForcibly();
                assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            try (ModelRegistry registry = ModelRegistries.builder(url).refreshInterval(Duration.ZERO)
                    .open()) {
                assertThat(registry.versions("acked")).as("round %d", round)
                        .extracting(ModelVersion::version).containsExactly(1, 2, 3);
                assertThat(registry.verifyAudit().problems()).isEmpty();
            }
        }
    }

    @Test
    @DisplayName("the process serving the file listens on the loopback interface only")
    void loopbackOnly() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "the machine has no address besides loopback to try");
        Path db = temp.resolve("bound").resolve("registry");
        Process host = host("jdbc:h2:file:" + db.toAbsolutePath(), temp.resolve("bound.err"));
        try {
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(db + ".lock.db"), StandardCharsets.ISO_8859_1)) {
                lock.load(r);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("lock file %s", lock).isNotNull();
            List<Integer> ports = List.of(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)),
                    Integer.parseInt(lock.getProperty("port")));
            for (int port : ports) {
                try (Socket local = new Socket()) {
                    local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                }
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(external.get(), port), 5000);
                    throw new AssertionError("port " + port + " accepts connections on " + external.get());
                } catch (ConnectException expected) {
                    // refused: nothing listens there on that address
                }
            }
        } finally {
            host.destroyForcibly();
            host.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
