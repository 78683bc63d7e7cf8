package dev.stowage.cli;

/** Entry point of the {@code stowage} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(StowageCommand.commandLine(Terminal.system()).execute(args));
    }
}
