"""Drives the trainfree kernel through the Jupyter protocol with Debian's jupyter_client, as a front end does.

Run by KernelProtocolTest (src/test/java/io/trainfree/kernel), which writes a kernelspec for the test classpath into a
private JUPYTER_DATA_DIR and runs:  /usr/bin/python3 kernel_protocol.py KERNEL_NAME
By hand, against the built jar:
    export JUPYTER_DATA_DIR=$(mktemp -d) JUPYTER_RUNTIME_DIR=$(mktemp -d) JUPYTER_CONFIG_DIR=$(mktemp -d)
    ./trainfree kernel install --name tf-protocol && /usr/bin/python3 src/test/python/kernel_protocol.py tf-protocol

Steps: kernel_info; a variable; a native DJL loop (1024x1024 matmuls) interrupted the way the kernelspec's
interrupt_mode says (jupyter_client's KernelManager.interrupt_kernel, as notebook servers and nbclient do); the
variable and the NDArrays still there; a sleeping cell interrupted by an interrupt_request on the client's control
channel, whose interrupt_reply is checked; a compile error, a runtime exception, then a good cell; display_data of a
Tablesaw table (text/html) and an XChart chart (image/png). Prints one "ok <step>: ..." line per step with what the
kernel answered; exits 1 on the first failed check. Every wait is bounded and the whole run is cut at DEADLINE
seconds; the kernel is shut down in any case.
"""
import base64
import os
import queue
import signal
import sys
import time

from jupyter_client import KernelManager

DEADLINE = 55  # seconds for the whole run; the JUnit test allows a little more before it kills the process tree
REPLY_TIMEOUT = 20  # seconds for one cell's reply
INTERRUPT_TIMEOUT = 10  # seconds from the interrupt to the interrupted cell's reply


class Failed(Exception):
    pass


def receive(get, timeout, what):
    """One message from a channel's get_*_msg, or a failed check after timeout seconds."""
    try:
        return get(timeout=max(timeout, 0.001))
    except queue.Empty:
        raise Failed(f"no {what} within {timeout:.1f} s") from None


def check(condition, message):
    if not condition:
        raise Failed(message)


STARTED = time.monotonic()


def ok(step, detail):
    print(f"ok {step}: {detail} [at {time.monotonic() - STARTED:.1f} s]", flush=True)


def private_dirs():
    """Refuses to run with the user's Jupyter directories: the kernelspec and connection files go to temporary ones."""
    home = os.path.expanduser("~")
    for var in ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        value = os.environ.get(var)
        check(value, f"{var} is not set: run with private Jupyter directories (see this script's docstring)")
        check(not os.path.abspath(value).startswith(os.path.join(home, ".local")),
              f"{var}={value} is the user's; use a temporary directory")
    return os.path.abspath(os.environ["JUPYTER_DATA_DIR"])


class Session:
    def __init__(self, km, kc):
        self.km, self.kc = km, kc

    def send(self, code):
        return self.kc.execute(code, store_history=True, allow_stdin=False)

    def outputs_until_idle(self, msg_id, deadline, on_output=None):
        """iopub messages of request msg_id until its status goes idle."""
        outputs = []
        while True:
            left = deadline - time.monotonic()
            check(left > 0, "no idle status on iopub in time")
            msg = receive(self.kc.get_iopub_msg, left, "idle status on iopub")
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status":
                if content["execution_state"] == "idle":
                    return outputs
                continue
            if kind == "execute_input":
                continue
            outputs.append((kind, content))
            if on_output is not None:
                on_output(kind, content)

    def reply(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            check(left > 0, f"no execute_reply within {timeout} s")
            msg = receive(self.kc.get_shell_msg, left, "execute_reply")
            if msg["parent_header"].get("msg_id") == msg_id:
                check(msg["msg_type"] == "execute_reply", f"got {msg['msg_type']} instead of execute_reply")
                return msg["content"]

    def run(self, code, timeout=REPLY_TIMEOUT):
        """Executes code; returns (reply content, iopub outputs)."""
        msg_id = self.send(code)
        content = self.reply(msg_id, timeout)
        return content, self.outputs_until_idle(msg_id, time.monotonic() + timeout)

    def value(self, code):
        """The text/plain execute_result of a cell that must succeed."""
        content, outputs = self.run(code)
        check(content["status"] == "ok", f"{code!r}: status {content['status']}: {content.get('evalue')}")
        results = [c for k, c in outputs if k == "execute_result"]
        check(len(results) == 1, f"{code!r}: expected one execute_result, got {outputs}")
        return results[0]["data"]["text/plain"]


def stream_text(outputs):
    return "".join(c["text"] for k, c in outputs if k == "stream")


def error_output(outputs, reply):
    """The traceback of the one error output on iopub (what front ends show), which must match the reply's ename."""
    errors = [c for k, c in outputs if k == "error"]
    check(len(errors) == 1, f"expected one error output on iopub, got {outputs}")
    check(errors[0]["ename"] == reply["ename"], f"iopub error {errors[0]['ename']} but execute_reply {reply['ename']}")
    return "\n".join(errors[0]["traceback"])


def interrupt_native_loop(s):
    """A cell-code loop of libtorch matmuls, interrupted as the kernelspec says, once it has printed that it runs."""
    check(s.value("var nd = ai.djl.ndarray.NDManager.newBaseManager();\n"
                  "var m = nd.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(1024, 1024));\n"
                  "long products = 0;\n"
                  "m.getShape()") == "(1024, 1024)", "the NDArray was not made")
    loop = ("System.out.println(\"looping\");\n"
            "System.out.flush();\n"
            "while (true) {\n"
            "    try (var p = m.matMul(m)) {\n"
            "        products++;\n"
            "    }\n"
            "}")
    msg_id = s.send(loop)
    started = time.monotonic()
    seen = []
    deadline = started + REPLY_TIMEOUT
    while "looping" not in "".join(seen):
        left = deadline - time.monotonic()
        check(left > 0, "the loop cell printed nothing")
        msg = receive(s.kc.get_iopub_msg, left, "output from the loop cell")
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            seen.append(msg["content"]["text"])
    time.sleep(1.0)  # well inside the loop: nearly all of its time is spent in libtorch's matmul
    mode = s.km.kernel_spec.interrupt_mode
    sent = time.monotonic()
    s.km.interrupt_kernel()
    content = s.reply(msg_id, INTERRUPT_TIMEOUT)
    answered = time.monotonic() - sent
    outputs = s.outputs_until_idle(msg_id, time.monotonic() + INTERRUPT_TIMEOUT)
    check(content["status"] == "error" and content["ename"] == "EvaluationInterruptedException",
          f"the interrupted cell answered {content}")
    shown = error_output(outputs, content)
    check("interrupted" in shown, f"the interrupted cell's error output does not say so: {shown}")
    ok("interrupt-native-loop", f"interrupt_mode={mode}, status={content['status']}, ename={content.get('ename')}, "
       f"evalue={content.get('evalue')!r}, reply {answered:.3f} s after the interrupt (loop ran "
       f"{sent - started:.3f} s)")

    products = int(s.value("products"))
    check(products > 0, "no matmul ran before the interrupt")
    check(s.value("kept + 1") == "42", "the variable defined before the interrupt is gone")
    check(s.value("m.matMul(m).getShape()") == "(1024, 1024)", "libtorch does not answer after the interrupt")
    ok("state-after-interrupt", f"kept + 1 = 42, {products} matmuls before the interrupt, NDArrays still usable")


def interrupt_on_control_channel(s):
    """A sleeping cell, interrupted by an interrupt_request sent on the control channel; the reply is checked."""
    msg_id = s.send("Thread.sleep(60_000);")
    time.sleep(0.5)
    request = s.kc.session.msg("interrupt_request", {})
    sent = time.monotonic()
    s.kc.control_channel.send(request)
    reply = receive(s.kc.get_control_msg, INTERRUPT_TIMEOUT, "interrupt_reply on the control channel")
    check(reply["msg_type"] == "interrupt_reply", f"control channel answered {reply['msg_type']}")
    check(reply["parent_header"].get("msg_id") == request["header"]["msg_id"], "interrupt_reply to another request")
    # no status check: basekernel 2.3.0 answers with empty content (the spec has {"status": "ok"}); jupyter_client and
    # notebook servers do not read it
    content = s.reply(msg_id, INTERRUPT_TIMEOUT)
    answered = time.monotonic() - sent
    s.outputs_until_idle(msg_id, time.monotonic() + INTERRUPT_TIMEOUT)
    check(content["status"] == "error" and content["ename"] == "EvaluationInterruptedException",
          f"the interrupted sleep answered {content}")
    check(s.value("kept") == "41", "the variable is gone after the second interrupt")
    ok("interrupt-control-channel", f"interrupt_reply content={reply['content']}, execute_reply "
       f"status={content['status']} ename={content.get('ename')} {answered:.3f} s after the request")


def errors_then_good_cell(s):
    content, outputs = s.run("int fine = 1;\nint broken = nope + 1;")
    check(content["status"] == "error" and content["ename"] == "CompilationException",
          f"a compile error answered {content}")
    shown = error_output(outputs, content)
    check("line 2: cannot find symbol" in shown and "nope + 1" in shown, f"compile error output: {shown}")
    ok("compile-error", f"status={content['status']}, ename={content['ename']}, evalue={content['evalue']!r}")

    content, outputs = s.run("Integer.parseInt(\"x\")")
    check(content["status"] == "error" and content["ename"] == "EvaluationException",
          f"a runtime exception answered {content}")
    shown = error_output(outputs, content)
    check("java.lang.NumberFormatException: For input string: \"x\"" in shown, f"runtime error output: {shown}")
    ok("runtime-exception", f"status={content['status']}, ename={content['ename']}, evalue={content['evalue']!r}")

    check(s.value("fine + kept") == "42", "a good cell after the errors failed")
    ok("good-cell-after-errors", "fine + kept = 42 (the snippet before the compile error ran)")


def display_data(s):
    content, outputs = s.run(
        "var pts = Table.create(\"pts\", DoubleColumn.create(\"x\", 1, 2, 3), DoubleColumn.create(\"y\", 2, 4, 9));\n"
        "display(pts);\n"
        "display(Charts.scatter(pts, \"x\", \"y\"));")
    check(content["status"] == "ok", f"the display cell answered {content}")
    shown = [c for k, c in outputs if k == "display_data"]
    check(len(shown) == 2, f"expected two display_data messages, got {outputs}")
    table, chart = shown[0]["data"], shown[1]["data"]
    html = table.get("text/html", "")
    check("<table" in html and html.count("<tr>") == 4, f"the table's text/html (a header row and 3 rows): {table}")
    check("text/plain" in table, "no text/plain beside the table's HTML")
    png = base64.b64decode(chart.get("image/png", ""))
    check(png[:8] == b"\x89PNG\r\n\x1a\n", f"the chart's image/png is not a PNG: {sorted(chart)}")
    ok("display-data", f"table as {sorted(table)}, chart as {sorted(chart)} ({len(png)} bytes of PNG)")


def main():
    if len(sys.argv) != 2:
        print("usage: kernel_protocol.py KERNEL_NAME   (see the docstring)", file=sys.stderr)
        return 2
    data_dir = private_dirs()

    def out_of_time(signum, frame):
        raise Failed(f"the run took more than {DEADLINE} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(DEADLINE)
    km = KernelManager(kernel_name=sys.argv[1])
    kc = None
    started = time.monotonic()
    try:
        check(os.path.abspath(km.kernel_spec.resource_dir).startswith(data_dir + os.sep),
              f"the kernelspec {km.kernel_spec.resource_dir} is not the private one under {data_dir}")
        km.start_kernel(cwd=data_dir)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        info = kc.kernel_info(reply=True, timeout=10)["content"]
        check(info["language_info"]["name"] == "java", f"kernel_info: {info['language_info']}")
        ok("kernel-info", f"language {info['language_info']['name']} {info['language_info'].get('version')}, "
           f"ready {time.monotonic() - started:.3f} s after start")

        s = Session(km, kc)
        content, outputs = s.run("int kept = 41;")
        check(content["status"] == "ok" and not any(k == "execute_result" for k, _ in outputs),
              f"a declaration answered {content}, {outputs}")
        interrupt_native_loop(s)
        interrupt_on_control_channel(s)
        errors_then_good_cell(s)
        display_data(s)
        return 0
    except Failed as e:
        print(f"FAILED: {e}", flush=True)
        return 1
    finally:
        signal.alarm(0)
        if kc is not None:
            kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=False)  # asks, waits up to shutdown_wait_time (5 s), then kills
        print(f"kernel shut down; {time.monotonic() - STARTED:.1f} s in all", flush=True)


if __name__ == "__main__":
    sys.exit(main())
