package dev.mlops.cli;

/** Entry point of the {@code mlops} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("mlops: not built yet");
        System.exit(2);
    }
}
