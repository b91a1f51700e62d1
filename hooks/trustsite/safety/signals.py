"""Safety: a stop request (Ctrl-C, SIGTERM from CI or a container) never leaves half-written state.

Python turns SIGINT into KeyboardInterrupt, so `finally` blocks run; SIGTERM kills the process outright
and leaves staging folders behind. While an operation writes, SIGTERM and SIGHUP are turned into the same
kind of exception, and the few renames that publish its result run with the signals held back, so a stop
request lands before them (nothing published) or after them (all published), never between.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP); a BaseException like KeyboardInterrupt, so that
    handlers of ordinary errors do not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopRequests:
    """The stop signals received within stop_as_exception's block, the first one's name in `received`. A library
    may turn what a callback of its raised into an error of its own (pydantic-core builds a model's schema in
    Rust, and a KeyboardInterrupt raised meanwhile comes out as a SchemaError): whoever ends the command asks
    here whether the error it got is a stop request in disguise."""

    def __init__(self) -> None:
        self.received: str | None = None


class _Stopper:
    """The handler of the stop signals: records the request, then raises KeyboardInterrupt (SIGINT, as Python's
    own handler does) or Stopped."""

    def __init__(self, requests: StopRequests) -> None:
        self.requests = requests

    def __call__(self, signum: int, frame: object) -> None:
        if self.requests.received is None:
            self.requests.received = signal.Signals(signum).name
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(signum)


def stop_request(exc: BaseException, stops: StopRequests | None = None) -> str | None:
    """The stop request `exc` stands for (SIGINT for a KeyboardInterrupt, the signal of a Stopped, and for any other
    error the request `stops` recorded, which a library wrapped), or None: an error of its own."""
    if isinstance(exc, KeyboardInterrupt):
        return "SIGINT"
    if isinstance(exc, Stopped):
        return str(exc)
    return stops.received if stops is not None else None


@contextlib.contextmanager
def stop_as_exception() -> Iterator[StopRequests]:
    """Within the block, SIGTERM and SIGHUP raise Stopped (SIGINT raises KeyboardInterrupt as always), and every
    stop request is recorded on what the block is given. Within an outer such block, the outer one's record is
    given and its handler kept. Outside the main thread signals cannot be handled: the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield StopRequests()
        return
    current = signal.getsignal(signal.SIGTERM)
    if isinstance(current, _Stopper):
        yield current.requests
        return
    requests = StopRequests()
    handler = _Stopper(requests)
    # SIGINT only where Python's own handler has it (a process started with SIGINT ignored keeps ignoring it)
    caught = [sig for sig in STOP_SIGNALS if sig != signal.SIGINT or signal.getsignal(sig) is signal.default_int_handler]
    previous = {sig: signal.signal(sig, handler) for sig in caught}
    try:
        yield requests
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Stop signals wait until the block has finished (its renames are all done or none), then arrive."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def ignore_file_size_signal() -> None:
    """Past a file-size limit (ulimit -f) the kernel kills a writer with SIGXFSZ unless it is ignored; then the
    write fails with EFBIG, which is reported as one line like any full disk."""
    if hasattr(signal, "SIGXFSZ") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
