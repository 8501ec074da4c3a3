package io.mapdirect.kernel;

/** Signals the model raises or delivers, with x86-64 numbers. */
public enum Signal {
    SIGINT(2), SIGBUS(7), SIGKILL(9), SIGUSR1(10), SIGSEGV(11), SIGIO(29);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
