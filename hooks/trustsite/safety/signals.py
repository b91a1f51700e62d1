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


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def stop_as_exception() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise Stopped (SIGINT raises KeyboardInterrupt as always).
    Outside the main thread signals cannot be handled: the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


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
