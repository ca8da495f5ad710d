"""The light half of the warm server: find this environment's server and hand it the request.

Runs before typer parses anything, so it imports only the standard library (no framework,
not even Rich unless a spinner must show). What a request holds is `protocol`'s business,
where the server lives `place`'s, the framing `framing`'s. Without a usable server it
returns None and the command runs in this process, as it always did.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from lstm_shapes.serve import place

# Opting out: the flag (removed before typer sees it), LSTM_SHAPES_SERVER=0 or the config file.
NO_SERVER = "--no-server"
OPT_OUT_ENV = "LSTM_SHAPES_SERVER"
# `server = "auto" | "on" | "off"` in $XDG_CONFIG_HOME/lstm-shapes/config.toml; the variable wins.
CONFIG_NAME = os.path.join("lstm-shapes", "config.toml")
SETTINGS = {
    **dict.fromkeys(("0", "no", "off", "false"), "off"),
    **dict.fromkeys(("1", "yes", "on", "true"), "on"),
    "auto": "auto",
}
# Commands that never start a server on their own: they load no framework.
QUICK = ("-h", "--help", "--version", "--no-run")


def config_path(environ: Mapping[str, str]) -> str:
    base = environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(environ.get("HOME") or os.path.expanduser("~"), ".config")
    return os.path.join(base, CONFIG_NAME)


def server_setting(environ: Mapping[str, str]) -> tuple[str, str]:
    """'auto', 'on' (use a running server, the default) or 'off', and where that was said."""
    return _setting(environ.get(OPT_OUT_ENV, ""), config_path(environ))


@functools.cache
def _setting(variable: str, path: str) -> tuple[str, str]:
    """Memoized: the config file is read, and a bad value noted, once per process."""
    raw = variable.strip().lower()
    if raw:
        if raw in SETTINGS:
            return SETTINGS[raw], f"{OPT_OUT_ENV}={raw}"
        _note(_say("server_setting_unknown", source=OPT_OUT_ENV, value=variable))
    if not os.path.isfile(path):
        return "on", ""
    import tomllib

    try:
        with open(path, "rb") as file:
            value = tomllib.load(file).get("server", "on")
    except (OSError, ValueError) as exc:
        _note(_say("server_config_unreadable", path=path, reason=getattr(exc, "strerror", None) or exc))
        return "on", ""
    text = str(value).strip().lower()
    if text not in SETTINGS:
        _note(_say("server_setting_unknown", source=path, value=value))
        return "on", ""
    return SETTINGS[text], path


def in_ci(environ: Mapping[str, str]) -> bool:
    """`CI` set (GitHub Actions, GitLab, most others set CI=true): no server is ever started."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# Set by the shell's completion function (typer's --install-completion): Click answers it in
# this process from the command's declarations alone; a server would run the arguments instead.
COMPLETION_ENV = "_LSTM_SHAPES_COMPLETE"


def opted_out(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    if server_setting(environ)[0] == "off":
        return True
    if COMPLETION_ENV in environ:
        return True
    words = list(argv[: argv.index("--")]) if "--" in argv else list(argv)
    # `server ...` manages the server itself; it always runs here.
    return NO_SERVER in words or "server" in words


def start_in_background(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> bool:
    """Under `auto`, after a cold run: start this environment's server for the next runs.

    Detached (its own session, no terminal), not waited for: this command's output is
    already written. Never in CI, never for a quick command or an opted-out one, never
    when a server runs. Whether one was started.
    """
    env = os.environ if environ is None else environ
    mode, source = server_setting(env)
    if mode != "auto" or in_ci(env) or opted_out(argv, env):
        return False
    words = list(argv[: argv.index("--")]) if "--" in argv else list(argv)
    if any(word in QUICK for word in words):
        return False
    folder = place.runtime_dir(environ=env)
    if place.private(place.socket_path(folder), stat.S_ISSOCK) == "ok" and place.pid_of(folder):
        return False  # one is running (or starting) already
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-m", "lstm_shapes", "server", "start", "--no-wait"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd="/",
            env=dict(env),
        )
    except OSError:
        return False
    minutes = f"{place.DEFAULT_IDLE_MINUTES:g}"
    _note(_say("server_auto_starting", source=source, minutes=minutes))
    return True


def without_flag(argv: Sequence[str]) -> list[str]:
    """argv without --no-server (the in-process path accepts it and drops it)."""
    if "--" in argv:
        cut = list(argv).index("--")
        return [a for a in argv[:cut] if a != NO_SERVER] + list(argv[cut:])
    return [a for a in argv if a != NO_SERVER]


# --- what the client shows ----------------------------------------------------------------------------


def _say(key: str, **values: object) -> str:
    """A message in the user's language (the locales load only on these rare paths)."""
    return place.say(key, None, **values)


def _note(text: str) -> None:
    sys.stderr.write(f"lstm-shapes: {text}\n")
    sys.stderr.flush()


class Spinner:
    """The worker's spinner, drawn on this terminal: the same Rich status a cold run shows."""

    def __init__(self) -> None:
        self.status: Any = None
        self.terminal: Any = None
        self.text: str | None = None

    def show(self, text: str | None) -> None:
        self.text = text
        if text is None:
            self.stop()
            return
        if self.status is None:
            from rich.console import Console

            self.terminal = os.fdopen(os.dup(sys.stderr.fileno()), "w")
            self.status = Console(file=self.terminal).status(text, spinner="dots")
            self.status.start()
        else:
            self.status.update(text)

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None
        if self.terminal is not None:
            self.terminal.close()
            self.terminal = None

    def write(self, data: bytes) -> None:
        """Bytes for stderr while the run goes on: the spinner is cleared, then drawn again below."""
        text = self.text if self.status is not None else None
        self.stop()
        _write(sys.stderr, data)
        if text is not None:
            self.show(text)


def _write(stream: Any, data: bytes) -> None:
    stream.flush()
    target = getattr(stream, "buffer", None)
    if target is None:
        stream.write(data.decode("utf-8", "replace"))
    else:
        target.write(data)
    stream.flush()


def run_on(folder: str, argv: Sequence[str]) -> int | None:
    """Send the request to the server in `folder`: the exit code, or None to run it here."""
    import base64

    from lstm_shapes.serve import framing, protocol

    try:
        sock = place.connect(place.socket_path(folder))
    except (ConnectionRefusedError, FileNotFoundError):
        pid = place.pid_of(folder)
        place.remove_stale(folder)
        _note(_say("server_stale", pid=pid or "?"))
        return None
    except OSError as exc:
        _note(_say("server_unreachable", reason=exc.strerror or exc))
        return None
    spinner = Spinner()
    got_result = False
    try:
        with sock:
            framing.send_line(sock, protocol.build_request(argv))
            for message in framing.lines(sock):
                if "spinner" in message:
                    spinner.show(message["spinner"])
                    continue
                if "stderr" in message:  # written before the result (a note before a long run)
                    spinner.write(base64.b64decode(message["stderr"]))
                    continue
                spinner.stop()
                if "error" in message:
                    got_result = True
                    sys.stderr.write(f"{message['error']}\n")
                    return int(message.get("code", 3))
                if "result" in message:
                    got_result = True
                    result = message["result"]
                    _write(sys.stdout, base64.b64decode(result["stdout"]))
                    _write(
                        sys.stderr, base64.b64decode(result["stderr"])[int(result.get("stderr_sent", 0)) :]
                    )
                    return int(result["code"])
    except KeyboardInterrupt:
        spinner.stop()
        if got_result:
            raise
        sys.stderr.write("Interrupted.\n")
        return 130
    except (OSError, ValueError):
        pass
    finally:
        spinner.stop()
    # The server went away mid-request (stopped or killed): the answer is still owed.
    _note(_say("server_lost"))
    return None


def served(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> int | None:
    """The exit code of the request as this environment's server ran it, or None: run it here."""
    env = os.environ if environ is None else environ
    if opted_out(argv, env):
        return None
    folder = place.runtime_dir(environ=env)
    state = place.private(folder, stat.S_ISDIR)
    if state == "absent":
        return None
    if state == "ok":
        state = place.private(place.socket_path(folder), stat.S_ISSOCK)
        if state == "absent":
            return None
    if state != "ok":
        _note(_say("server_untrusted", path=folder, why=state))
        return None
    return run_on(folder, argv)
