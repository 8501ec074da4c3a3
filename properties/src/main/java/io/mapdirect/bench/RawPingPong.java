package io.mapdirect.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Two bare threads handing a baton back and forth with {@link LockSupport#park()} and
 * {@link LockSupport#unpark(Thread)}: the physical limit of a scheduler built on one thread per
 * task. With virtual threads this bounds the simulation's switch rate; platform threads are shown
 * for comparison. The operations counted are handoffs.
 */
public final class RawPingPong implements Workload {
    private final boolean virtual;
    private final int roundsPerThread;

    private RawPingPong(boolean virtual, int roundsPerThread) {
        this.virtual = virtual;
        this.roundsPerThread = roundsPerThread;
    }

    public static RawPingPong virtualThreads(int roundsPerThread) {
        return new RawPingPong(true, roundsPerThread);
    }

    public static RawPingPong platformThreads(int roundsPerThread) {
        return new RawPingPong(false, roundsPerThread);
    }

    /** The baton: whose turn it is (0 or 1) and the two threads. */
    private static final class Baton {
        volatile int turn;
        Thread[] threads = new Thread[2];
    }

    @Override
    public Sample runOnce() {
        Baton baton = new Baton();
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        for (int side = 0; side < 2; side++) {
            int me = side;
            baton.threads[side] = builder.name("pingpong-" + side).unstarted(() -> play(baton, me));
        }
        long start = System.nanoTime();
        baton.threads[0].start();
        baton.threads[1].start();
        joinBoth(baton);
        long elapsedNs = System.nanoTime() - start;
        return new Sample(2L * roundsPerThread, elapsedNs);
    }

    private void play(Baton baton, int me) {
        Thread other = baton.threads[1 - me];
        for (int i = 0; i < roundsPerThread; i++) {
            while (baton.turn != me) {
                LockSupport.park(baton);
            }
            baton.turn = 1 - me;
            LockSupport.unpark(other);
        }
    }

    private static void joinBoth(Baton baton) {
        try {
            for (Thread thread : baton.threads) {
                thread.join();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring ping-pong", interrupted);
        }
    }
}
