package dev.charlm.engine.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A second thread that takes one small task at a time from one owner, with a hand-off of well under a
 * microsecond: the owner {@link #fork}s a task, does its own share, then {@link #join}s. Built for steps
 * of about 10 µs, where an executor's submit and wake-up would cost as much as the work.
 *
 * <p>The helper spins for {@link #SPIN_NANOS} after each task, then parks, and its thread ends after
 * {@link #LINGER_NANOS} without work (the next {@link #tryAcquire} starts a new one), so an idle worker
 * costs no core. A task the helper has not started by the time the owner joins is run by the owner
 * itself: a parked helper, or one whose core is busy, costs the owner nothing but its own time.
 *
 * <p>One owner at a time: {@link #tryAcquire} / {@link #release} hand the worker over; a second
 * would-be owner gets false and does its work alone.
 */
public final class SpinWorker {

    /** How long the helper spins for the next task before it parks: a few steps' worth. */
    static final long SPIN_NANOS = 50_000;
    /** How long a parked helper waits for work before its thread ends. */
    static final long LINGER_NANOS = 2_000_000_000L;

    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;

    private final String name;
    private final AtomicBoolean owned = new AtomicBoolean();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    /** Written by the owner before {@code state} becomes POSTED, read by the helper after it sees POSTED. */
    private Runnable task;
    private Throwable failure;
    private volatile boolean parked;
    /** Tasks the helper thread ran (not those the owner took back): tests check the helper took part. */
    private volatile long helped;
    private Thread helper;   // guarded by this

    public SpinWorker(String name) {
        this.name = name;
    }

    /** Takes the worker for the calling thread; false when another owner has it. */
    public boolean tryAcquire() {
        if (!owned.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            if (helper == null || !helper.isAlive()) {
                helper = new Thread(this::serve, name);
                helper.setDaemon(true);
                helper.start();
            }
        }
        return true;
    }

    /** Gives the worker back; the helper spins a little, then parks. */
    public void release() {
        owned.set(false);
    }

    /** Hands {@code work} to the helper; the owner must {@link #join} before the next fork. */
    public void fork(Runnable work) {
        task = work;
        state.set(POSTED);
        if (parked) {
            LockSupport.unpark(helperThread());
        }
    }

    /** Waits for the forked task, or runs it here if the helper has not started it; rethrows its failure. */
    public void join() {
        if (state.compareAndSet(POSTED, IDLE)) {
            Runnable r = task;
            task = null;
            r.run();
            return;
        }
        while (state.get() != DONE) {
            Thread.onSpinWait();
        }
        Throwable f = failure;
        failure = null;
        task = null;
        state.set(IDLE);
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    long helped() {
        return helped;
    }

    private synchronized Thread helperThread() {
        return helper;
    }

    private void serve() {
        long lastTask = System.nanoTime();   // for the linger
        long spinSince = lastTask;           // since the last task or the last wake-up
        while (true) {
            if (state.get() == POSTED && state.compareAndSet(POSTED, RUNNING)) {
                try {
                    task.run();
                } catch (Throwable t) {
                    failure = t;
                }
                helped++;   // only the helper writes it
                state.set(DONE);
                lastTask = spinSince = System.nanoTime();
                continue;
            }
            long now = System.nanoTime();
            if (now - spinSince < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            if (now - lastTask > LINGER_NANOS && !owned.get()) {
                synchronized (this) {
                    if (!owned.get() && state.get() != POSTED) {
                        helper = null;   // the next owner starts a new thread
                        return;
                    }
                }
            }
            // volatile write then read, mirrored in fork: either fork sees parked, or this sees POSTED
            parked = true;
            if (state.get() != POSTED) {
                LockSupport.parkNanos(this, LINGER_NANOS);
            }
            parked = false;
            spinSince = System.nanoTime();   // woken for work, most likely with more to follow
        }
    }
}
