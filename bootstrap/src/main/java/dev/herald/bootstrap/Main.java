package dev.herald.bootstrap;

/** Herald's entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("Herald: the server is wired in the end-to-end issue.");
    }
}
