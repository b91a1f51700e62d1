"""The `trustsite` console command: stop requests are handled from the first instant, before the command
line and its libraries are imported (a Ctrl-C during those imports would otherwise print a traceback)."""

from __future__ import annotations

import sys


def run() -> None:
    from trustsite.safety.signals import Stopped, stop_as_exception, stop_request

    stops = None
    try:
        with stop_as_exception() as stops:
            from trustsite.cli import run as run_cli
    except (KeyboardInterrupt, Stopped, Exception) as exc:  # Exception: a stop request a library wrapped
        name = stop_request(exc, stops)
        if name is None:
            raise
        print(f"error: stopped ({name}) while starting; nothing was written", file=sys.stderr)
        sys.exit(1)
    run_cli()


if __name__ == "__main__":  # pragma: no cover
    run()
