package dev.mlops.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A headless Chromium, started as a child process with a fresh profile and driven over the DevTools
 * protocol with the JDK's WebSocket client: open a page, evaluate script in it, take a screenshot,
 * and list every request the page made. Pages are checked as a browser renders them, not as text.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int width;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** The Chromium on the PATH ({@code chromium}, {@code chromium-browser}, {@code google-chrome}), if any. */
    static Optional<Path> executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a browser with its profile in {@code profile} (a new directory) and opens a tab.
     *
     * @param width the width of the pages' viewport in CSS pixels
     */
    static HeadlessChromium start(Path chromium, Path profile, int width) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=" + width + ",900", "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            return new HeadlessChromium(process, connect(process, profile.resolve("DevToolsActivePort")), width);
        } catch (IOException | RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The browser-wide DevTools endpoint, once the browser has written its port file. */
    private static URI connect(Process process, Path portFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + " before it listened");
            }
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("Chromium did not write " + portFile + " within " + TIMEOUT);
    }

    private HeadlessChromium(Process process, URI endpoint, int width) throws IOException {
        this.process = process;
        this.width = width;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(endpoint, new Listener()).join();
        String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        this.session = send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asText();
        listeners.add(event -> {
            if (event.path("method").asText().equals("Network.requestWillBeSent")) {
                requests.add(event.path("params").path("request").path("url").asText());
            }
        });
        send(session, "Page.enable", Map.of());
        send(session, "Network.enable", Map.of());
        send(session, "Runtime.enable", Map.of());
        viewport(900);
    }

    /** The page's viewport: the browser's width (a window has a minimum width; a viewport has none). */
    private void viewport(int height) throws IOException {
        send(session, "Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Loads a file and waits until its load event has fired. */
    void open(Path page) throws IOException {
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        Consumer<JsonNode> onLoad = event -> {
            if (event.path("method").asText().equals("Page.loadEventFired")) {
                loaded.complete(event);
            }
        };
        listeners.add(onLoad);
        try {
            requests.clear();
            JsonNode navigated = send(session, "Page.navigate", Map.of("url", page.toUri().toString()));
            if (navigated.hasNonNull("errorText")) {
                throw new IOException("Chromium could not open " + page + ": " + navigated.get("errorText").asText());
            }
            loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("no load event for " + page, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading " + page, e);
        } finally {
            listeners.remove(onLoad);
        }
    }

    /**
     * Evaluates a script expression in the page and returns its value as JSON.
     *
     * @throws IOException if the script threw
     */
    JsonNode evaluate(String expression) throws IOException {
        JsonNode result = send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page, as tall as its content, at the browser's width. */
    byte[] screenshot() throws IOException {
        double height = send(session, "Page.getLayoutMetrics", Map.of()).path("cssContentSize").path("height")
                .asDouble();
        viewport((int) Math.ceil(height));
        String data = send(session, "Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
        viewport(900);
        return Base64.getDecoder().decode(data);
    }

    /** Every URL the page requested since it was opened, the page itself first. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private JsonNode send(String sessionId, String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        try {
            JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IOException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(method + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + method, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Joins a message's frames, then hands it to the request waiting for it, or to the event listeners. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(frames.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    } else {
                        listeners.forEach(listener -> listener.accept(message));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("DevTools sent malformed JSON", e);
                } finally {
                    frames.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Closes the browser and waits for its process to end (killing it after the timeout). */
    @Override
    public void close() throws InterruptedException {
        try {
            send(null, "Browser.close", Map.of());
        } catch (IOException e) {
            // the browser may drop the connection before it answers; the process is ended below either way
        }
        socket.abort();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
