package io.trainfree.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution, keeping the raw value of each snippet (JShell itself only hands out strings). Every
 * snippet's {@code do_it$} method is called through {@link Trampoline#run()}, which keeps the returned object; the
 * call still goes through {@link LocalExecutionControl#invoke}, so JShell's stop (interrupt) keeps working.
 */
final class LocalControl extends LocalExecutionControl {
    /** The snippet call in flight; the snippet thread inherits it from the thread that asked for the call. */
    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();
    private static final Method TRAMPOLINE;

    static {
        try {
            TRAMPOLINE = Trampoline.class.getMethod("run");
            // without this JShell swallows an IllegalAccessException and the snippet "runs" with no value and no error
            TRAMPOLINE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Invocation last;

    /** One call of a snippet's {@code do_it$}. */
    static final class Invocation {
        final Method doit;
        volatile Object value;
        volatile boolean returned;
        volatile Thread thread;

        Invocation(Method doit) {
            this.doit = doit;
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        var call = new Invocation(doit);
        last = call;
        CURRENT.set(call);
        try {
            return super.invoke(TRAMPOLINE);
        } finally {
            CURRENT.remove();
        }
    }

    /** Forgets the last call, before a new snippet is evaluated. */
    void clear() {
        last = null;
    }

    /** The last call, if a snippet ran since {@link #clear()}. */
    Invocation last() {
        return last;
    }

    /** Interrupts the thread running a snippet, if any (wakes sleeps, waits and interruptible I/O). */
    void interruptSnippetThread() {
        Invocation call = last;
        Thread t = call == null ? null : call.thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** A provider handing JShell this very instance. */
    ExecutionControlProvider provider() {
        LocalControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "trainfree";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** Public so that JShell's reflective call is allowed; not for use outside the kernel. */
    public static final class Trampoline {
        private Trampoline() {
        }

        /** Calls the pending snippet and keeps its value. */
        public static Object run() throws Throwable {
            Invocation call = CURRENT.get();
            if (call == null) {
                throw new IllegalStateException("LocalControl.Trampoline.run() called outside a kernel evaluation");
            }
            call.thread = Thread.currentThread();
            try {
                Object value = call.doit.invoke(null);
                call.value = value;
                call.returned = true;
                return value;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                call.thread = null;
            }
        }
    }
}
