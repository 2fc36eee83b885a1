package dev.herald.adapters.websocket.socketio.server;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's callbacks one at a time, in submission order, on a shared executor. Starts suspended so that
 * packets arriving while a socket is being connected wait behind its connection handler.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final ConcurrentLinkedDeque<Runnable> tasks = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean suspended = true;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.addLast(task);
        schedule();
    }

    /** Runs {@code first} before everything queued so far, then the rest. */
    void resumeWith(Runnable first) {
        tasks.addFirst(first);
        suspended = false;
        schedule();
    }

    private void schedule() {
        if (suspended || tasks.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            running.set(false);
            LOG.warn("handler executor rejected a socket's callbacks; {} dropped", tasks.size());
            tasks.clear();
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.pollFirst()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("socket callback failed: {}", e.toString());
                }
            }
        } finally {
            running.set(false);
        }
        schedule();
    }
}
