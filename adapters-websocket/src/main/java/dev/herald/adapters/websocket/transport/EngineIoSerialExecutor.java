package dev.herald.adapters.websocket.transport;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one connection's listener calls one at a time, in submission order, on a shared executor. */
final class EngineIoSerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoSerialExecutor.class);

    private final Executor backing;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    EngineIoSerialExecutor(Executor backing) {
        this.backing = backing;
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        try {
            backing.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The server is shutting down its executor: run here rather than lose onClose.
            drain();
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            lock.lock();
            try {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Engine.IO listener call failed", e);
            }
        }
    }
}
