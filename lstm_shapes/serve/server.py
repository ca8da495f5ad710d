"""The server itself: warm workers behind a private socket (`python -m lstm_shapes.serve.server`).

The server process imports no framework. It listens on a Unix-domain socket in a folder
only its user can enter (0700), checks every peer's user id (SO_PEERCRED), reads one JSON
request per connection (data only, at most MAX_REQUEST bytes) and hands it to the warm
worker of the request's backend (serve/worker.py), one process per backend and set of
import-time variables (a backend list's request borrows the other backends' workers for
their jobs, one list at a time, handed to `run_backends` as its runner). A worker that dies
or overruns the time limit is replaced; a client that hangs up (Ctrl-C) gets its request
interrupted. After `--idle` minutes without a request the server exits and removes its
socket. Its commands (start, stop, status) are `serve/commands.py`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import struct
import sys
import threading
import time
from typing import IO, Any

from lstm_shapes.errors import ExitCode
from lstm_shapes.serve import framing, place
from lstm_shapes.serve.place import LOG_NAME, WARM_LIMIT, error_line
from lstm_shapes.serve.protocol import BadRequest, validate
from lstm_shapes.spec.backend_choice import BACKENDS, ENV

# Seconds a Ctrl-C'd request has to stop before its worker is replaced.
INTERRUPT_GRACE = 5.0
# Seconds a worker whose pipe closed has to end before it is described as still running.
EXIT_WAIT = 5.0


# --- workers -------------------------------------------------------------------------------------------


class WorkerGone(Exception):
    """The worker's process ended (crashed, killed) or stopped answering."""


class Worker:
    """One warm process for one backend; one request at a time (callers hold `lock`)."""

    def __init__(self, backend: str, import_env: dict[str, str], log: IO[bytes]) -> None:
        import subprocess

        env = dict(os.environ)
        env.update(import_env)
        env[ENV] = backend
        self.backend = backend
        self.import_env = import_env
        self.lock = threading.Lock()
        self.ready = False
        # Set, under `lock`, once a replacement has taken this worker's place: a request
        # that was waiting for the lock goes to the replacement instead.
        self.retired = False
        self.served = 0
        self.started = time.time()
        self.warm_seconds: float | None = None
        self._incoming = framing.Splitter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lstm_shapes.serve.worker", backend],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            cwd="/",
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def next_message(self, deadline: float, also: socket.socket | None = None) -> dict[str, Any] | None:
        """The worker's next line; None when `also` (the client) became readable first."""
        import select

        assert self.process.stdout is not None
        out = self.process.stdout.fileno()
        while not self._incoming.has_line():
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            watched: list[Any] = [out] if also is None else [out, also]
            ready, _, _ = select.select(watched, [], [], left)
            if also is not None and also in ready:
                return None
            if out in ready:
                chunk = os.read(out, 1 << 16)
                if not chunk:
                    raise WorkerGone
                self._incoming.feed(chunk)
        message: dict[str, Any] = framing.decode(self._incoming.line())
        return message

    def wait_ready(self) -> None:
        if self.ready:
            return
        message = self.next_message(time.monotonic() + WARM_LIMIT)
        if message is None or not message.get("ready"):
            raise WorkerGone(str((message or {}).get("failed", "")))
        self.ready = True
        self.warm_seconds = float(message.get("seconds", 0))

    def send(self, request: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(framing.encode(request))
            self.process.stdin.flush()
        except OSError as exc:
            raise WorkerGone from exc

    def interrupt(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGINT)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)

    def close(self) -> None:
        """Close the worker's stdin: an idle worker reads the end of its input and exits."""
        with contextlib.suppress(Exception):
            if self.process.stdin is not None:
                self.process.stdin.close()

    def stop(self, wait: float = 5) -> None:
        self.close()
        try:
            self.process.wait(wait)
        except Exception:
            self.kill()

    def exit_text(self, wait: float = EXIT_WAIT) -> str:
        """How the worker ended, once it has: its pipe closes a moment before it can be reaped."""
        import subprocess

        try:
            code = self.process.wait(wait)
        except subprocess.TimeoutExpired:
            return "still running"
        return f"signal {-code}" if code < 0 else f"exit {code}"


def rss_mib(pid: int) -> float:
    """A process's resident memory (VmRSS), in MiB; 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as file:
            for line in file:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _option(argv: list[str], name: str) -> str | None:
    """The value of `--name X` or `--name=X` in argv (the last one, as click takes it)."""
    value = None
    words = argv[: argv.index("--")] if "--" in argv else argv
    for i, word in enumerate(words):
        if word == name and i + 1 < len(words):
            value = words[i + 1]
        elif word.startswith(name + "="):
            value = word.split("=", 1)[1]
    return value


def backend_of(request: dict[str, Any]) -> str:
    """The backend a request runs on: a single --backend, else KERAS_BACKEND, else tensorflow.

    A comma list runs each backend in its own child process, so it goes to the default one;
    an unknown name too, which then refuses it exactly as a cold run does.
    """
    default = str(request["env"].get(ENV, "")).strip().lower()
    default = default if default in BACKENDS else "tensorflow"
    named = (_option(list(request["argv"]), "--backend") or "").strip().lower()
    return named if named in BACKENDS else default


def several_backends(request: dict[str, Any]) -> bool:
    """Whether a request names a backend list (`--backend tensorflow,jax`, `--backend all`)."""
    named = (_option(list(request["argv"]), "--backend") or "").strip().lower()
    return "," in named or named == "all"


# --- requests ------------------------------------------------------------------------------------------


def peer_uid(conn: socket.socket) -> int:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def read_request(conn: socket.socket) -> object:
    """One line of at most MAX_REQUEST bytes, as JSON; BadRequest otherwise."""
    conn.settimeout(30)
    try:
        line = framing.first_line(conn, framing.MAX_REQUEST)
    except TimeoutError as exc:
        raise BadRequest("no complete request within 30 s") from exc
    except EOFError as exc:
        raise BadRequest("the request ended before its newline") from exc
    except ValueError as exc:
        raise BadRequest(f"the request is larger than {framing.MAX_REQUEST} bytes") from exc
    conn.settimeout(None)
    try:
        return framing.decode(line)
    except ValueError as exc:
        raise BadRequest(f"the request is not JSON: {exc}") from exc


class Server:
    def __init__(self, folder: str, idle_minutes: float, timeout: float) -> None:
        self.folder = folder
        self.idle = idle_minutes * 60
        self.timeout = timeout
        self.started = time.time()
        self.last_active = time.monotonic()
        self.active = 0
        self.served = 0
        self.workers: dict[tuple[str, tuple[tuple[str, str], ...]], Worker] = {}
        self.workers_lock = threading.Lock()
        # Held by the one request at a time that borrows other backends' workers for a backend
        # list (taken before any worker's lock, so two lists never wait on each other's workers).
        self.borrowing = threading.Lock()
        self.stopping = threading.Event()
        self.log: IO[bytes] = open(os.path.join(folder, LOG_NAME), "ab")  # noqa: SIM115
        self.listener: socket.socket | None = None
        self.inode = 0

    # The socket appears only once it listens (bound under a temporary name, then renamed),
    # so a client never finds a socket that is not yet served.
    def listen(self) -> None:
        path = place.socket_path(self.folder)
        temporary = f"{path}.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)
        try:
            listener.bind(temporary)
        finally:
            os.umask(old)
        os.chmod(temporary, 0o600)
        listener.listen(64)
        os.replace(temporary, path)
        self.inode = os.lstat(path).st_ino
        with open(os.path.join(self.folder, place.PID_NAME), "w", encoding="ascii") as file:
            file.write(str(os.getpid()))
        self.listener = listener

    def note(self, text: str) -> None:
        self.log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}\n".encode())
        self.log.flush()

    def worker(self, backend: str, import_env: dict[str, str]) -> Worker:
        key = (backend, tuple(sorted(import_env.items())))
        with self.workers_lock:
            found = self.workers.get(key)
            if found is None or found.retired or found.process.poll() is not None:
                found = Worker(backend, import_env, self.log)
                self.workers[key] = found
                self.note(f"worker {backend} started, pid {found.pid}")
            return found

    def replace(self, worker: Worker, why: str) -> None:
        """Kill `worker` and start a fresh one in its place, warming in the background."""
        worker.retired = True
        worker.kill()
        self.note(f"worker {worker.backend} pid {worker.pid} replaced: {why}")
        fresh = self.worker(worker.backend, worker.import_env)
        threading.Thread(target=self._warm, args=(fresh,), daemon=True).start()

    def _warm(self, worker: Worker) -> None:
        with worker.lock, contextlib.suppress(WorkerGone, TimeoutError, ValueError):
            worker.wait_ready()

    def status(self) -> dict[str, Any]:
        workers: list[dict[str, Any]] = []
        for (backend, import_env), worker in list(self.workers.items()):
            running = worker.process.poll() is None
            workers.append(
                {
                    "backend": backend,
                    "import_env": dict(import_env),
                    "pid": worker.pid,
                    "state": ("warm" if worker.ready else "starting") if running else "gone",
                    "busy": worker.lock.locked() and worker.ready,
                    "requests": worker.served,
                    "memory_mib": round(rss_mib(worker.pid), 1) if running else 0.0,
                    "warm_seconds": worker.warm_seconds,
                }
            )
        own = rss_mib(os.getpid())
        return {
            "pid": os.getpid(),
            "uptime_seconds": round(time.time() - self.started, 1),
            "requests": self.served,
            "active": self.active,
            "memory_mib": round(own + sum(float(w["memory_mib"]) for w in workers), 1),
            "server_memory_mib": round(own, 1),
            "workers": workers,
            "socket": place.socket_path(self.folder),
            "idle_minutes": self.idle / 60,
            "timeout_seconds": self.timeout,
            "python": sys.executable,
        }

    def handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                if peer_uid(conn) != os.getuid():
                    self.note("refused a connection from another user")
                    # Their request is read (and dropped) first: closing on unread data resets
                    # the connection, and the refusal would be lost on the way.
                    conn.settimeout(2)
                    with contextlib.suppress(OSError, EOFError, ValueError):
                        framing.first_line(conn, framing.MAX_REQUEST)
                    framing.send_line(
                        conn, {"error": error_line("server_other_user"), "code": int(ExitCode.ENVIRONMENT)}
                    )
                    return
                message = read_request(conn)
                op = message.get("op") if isinstance(message, dict) else None
                if op == "ping":
                    framing.send_line(conn, {"ok": True, "pid": os.getpid()})
                elif op == "status":
                    framing.send_line(conn, self.status())
                elif op == "stop":
                    framing.send_line(conn, {"ok": True, "pid": os.getpid()})
                    self.stopping.set()
                elif op == "run":
                    self.run(conn, validate(message))
                else:
                    raise BadRequest("unknown op; expected run, ping, status or stop")
            except BadRequest as exc:
                self.note(f"bad request: {exc}")
                with contextlib.suppress(OSError):
                    framing.send_line(
                        conn,
                        {
                            "error": error_line("server_bad_request", reason=str(exc)),
                            "code": int(ExitCode.INVALID_INPUT),
                        },
                    )
            except OSError:
                pass  # the client hung up

    def run(self, conn: socket.socket, request: dict[str, Any]) -> None:
        backend = backend_of(request)
        several = several_backends(request)
        self.active += 1
        # Counted when taken, not once its answer is sent: a client that has its answer and asks
        # `server status` at once must find it counted (the reply can beat this thread's finally).
        self.served += 1
        try:
            with self.borrowing if several else contextlib.nullcontext():
                while True:
                    worker = self.worker(backend, request["import_env"])
                    with worker.lock:
                        # Replaced while this request waited (a crash, a Ctrl-C it ignored, a hang):
                        # the request waits for the replacement instead of meeting a dead worker.
                        if worker.retired:
                            continue
                        self.relay(conn, worker, request, borrowing=several)
                        break
        finally:
            self.active -= 1
            self.last_active = time.monotonic()

    def relay(
        self, conn: socket.socket, worker: Worker, request: dict[str, Any], borrowing: bool = False
    ) -> None:
        """Hand the request to `worker`, forward its spinner and its result; faults become errors."""
        code = int(ExitCode.ENVIRONMENT)
        env = request["env"]
        try:
            if not worker.ready:
                worker.wait_ready()
            # The time limit counts from the request's start, not from a fresh worker's warm-up.
            deadline = time.monotonic() + self.timeout
            worker.send(request)
            while True:
                message = worker.next_message(deadline, also=conn)
                if message is None:  # the client hung up: Ctrl-C
                    self.note(f"client gone; interrupting worker {worker.pid}")
                    worker.interrupt()
                    self._drain(worker)
                    return
                if "child" in message:  # one backend's job of a backend list
                    answer, hung_up = self.child(conn, worker, request, message["child"], deadline, borrowing)
                    worker.send({"code": answer})
                    if hung_up:  # the 130 stops the worker's run as a Ctrl-C would
                        self._drain(worker)
                        return
                    continue
                if "result" in message:
                    worker.served += 1  # counted before the client has it, as in run()
                try:
                    framing.send_line(conn, message)
                except OSError:
                    if "result" in message:
                        return
                    self.note(f"client gone; interrupting worker {worker.pid}")
                    worker.interrupt()
                    self._drain(worker)
                    return
                if "result" in message:
                    return
        except WorkerGone:
            how = worker.exit_text()
            self.note(f"worker {worker.pid} gone ({how})")
            error = error_line("server_worker_crashed", env, backend=worker.backend, how=how)
            self.replace(worker, "it ended")
        except TimeoutError:
            seconds = f"{self.timeout:g}"
            error = error_line("server_worker_hung", env, backend=worker.backend, seconds=seconds)
            self.replace(worker, "no answer within the time limit")
        except ValueError:
            error = error_line("server_worker_crashed", env, backend=worker.backend, how="garbled reply")
            self.replace(worker, "garbled reply")
        with contextlib.suppress(OSError):
            framing.send_line(conn, {"error": error, "code": code})

    def _drain(self, worker: Worker, last: str = "result") -> None:
        """After a Ctrl-C: wait for the interrupted request's `last` message, or replace the worker.

        Anything else it sends is dropped unanswered: a job it asks for now is answered by
        the KeyboardInterrupt it gets instead.
        """
        deadline = time.monotonic() + INTERRUPT_GRACE
        try:
            while True:
                message = worker.next_message(deadline)
                if message is not None and last in message:
                    worker.served += 1
                    return
        except (WorkerGone, TimeoutError, ValueError):
            self.replace(worker, "did not stop after a Ctrl-C")

    def child(
        self,
        conn: socket.socket,
        parent: Worker,
        request: dict[str, Any],
        job: object,
        deadline: float,
        borrowing: bool,
    ) -> tuple[int | None, bool]:
        """One backend's job of `parent`'s backend list, on that backend's warm worker.

        The job's exit code (None: the parent runs it in a fresh process after all), and
        whether the client hung up meanwhile. A request that did not name a list (a spec
        file's case) borrows only when no list does: waiting there could wait forever.
        """
        if not isinstance(job, dict):
            return None, False
        backend, path = job.get("backend"), job.get("job")
        if backend not in BACKENDS or backend == parent.backend:
            return None, False
        if not isinstance(path, str) or not os.path.isabs(path):
            return None, False
        if borrowing:
            return self._borrow(conn, str(backend), path, request, deadline)
        if not self.borrowing.acquire(blocking=False):
            return None, False
        try:
            return self._borrow(conn, str(backend), path, request, deadline)
        finally:
            self.borrowing.release()

    def _borrow(
        self, conn: socket.socket, backend: str, path: str, request: dict[str, Any], deadline: float
    ) -> tuple[int | None, bool]:
        while True:
            helper = self.worker(backend, request["import_env"])
            with helper.lock:
                if helper.retired:
                    continue
                try:
                    helper.wait_ready()
                except (WorkerGone, TimeoutError, ValueError):
                    self.replace(helper, "it did not start")
                    return None, False  # a fresh process meets the same problem and says what it is
                env = {**request["env"], ENV: backend}  # as a fresh child's environment has it
                try:
                    helper.send({"op": "child", "job": path, "env": env, "cwd": request["cwd"]})
                    while True:
                        message = helper.next_message(deadline, also=conn)
                        if message is None:
                            self.note(f"client gone; interrupting worker {helper.pid}")
                            helper.interrupt()
                            self._drain(helper, "done")
                            return int(ExitCode.INTERRUPTED), True
                        if "done" in message:
                            helper.served += 1
                            code = message["done"]
                            return (code if isinstance(code, int) else None), False
                except WorkerGone:
                    how = helper.exit_text()
                    self.note(f"worker {helper.pid} gone ({how})")
                    code = helper.process.returncode
                    self.replace(helper, "it ended")
                    return (code if code is not None else int(ExitCode.ENVIRONMENT)), False
                except TimeoutError:
                    self.replace(helper, "no answer within the time limit")
                    raise
                except ValueError:
                    self.replace(helper, "garbled reply")
                    return None, False

    def serve(self, warm: list[str]) -> None:
        assert self.listener is not None
        for backend in warm:
            threading.Thread(target=self._warm, args=(self.worker(backend, {}),), daemon=True).start()
        self.listener.settimeout(1.0)
        self.note(f"serving on {place.socket_path(self.folder)}, pid {os.getpid()}")
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                if self.active == 0 and time.monotonic() - self.last_active > self.idle:
                    self.note("idle; exiting")
                    break
                if not self.still_ours():
                    self.note("socket removed or replaced; exiting")
                    break
                continue
            except OSError:
                break
            self.last_active = time.monotonic()
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()
        self.shutdown()

    def still_ours(self) -> bool:
        try:
            return os.lstat(place.socket_path(self.folder)).st_ino == self.inode
        except OSError:
            return False

    def shutdown(self) -> None:
        if self.listener is not None:
            self.listener.close()
        path = place.socket_path(self.folder)
        # Remove the socket only if it is still ours (a newer server may have replaced it).
        if self.still_ours() and place.pid_of(self.folder) == os.getpid():
            place.remove_stale(self.folder)
        # An idle warm worker ends when its stdin closes; one still loading Keras or running a
        # request would only notice after it, and nobody waits for its answer now: kill it.
        workers = list(self.workers.values())
        for worker in workers:
            if worker.ready and not worker.lock.locked():
                worker.close()
            else:
                worker.kill()
        deadline = time.monotonic() + 5
        for worker in workers:
            worker.stop(max(0.0, deadline - time.monotonic()))
        self.note(f"stopped; socket {path} removed")


def serve_main(argv: list[str]) -> int:
    """`python -m lstm_shapes.serve.server FOLDER IDLE TIMEOUT WARM`: the daemon itself."""
    folder, idle, timeout, warm = argv[0], float(argv[1]), float(argv[2]), argv[3]
    server = Server(folder, idle, timeout)
    server.listen()

    def stop(_signum: int, _frame: object) -> None:
        server.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server.serve([b for b in warm.split(",") if b])
    return 0


if __name__ == "__main__":
    sys.exit(serve_main(sys.argv[1:]))
