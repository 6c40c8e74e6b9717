"""Starts moto's server for tests/src/moto.rs: `python serve.py -H 127.0.0.1 -p 0`.

The same as `moto_server`, plus a watchdog: the server exits as soon as its standard input
reaches end of file. The harness holds the write end of that pipe, so the server also stops
when the test process dies without running its destructors (abort, SIGKILL, a panic=abort
build), and no moto outlives the tests that started it.
"""

import os
import sys
import threading


def _exit_when_parent_goes() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


threading.Thread(target=_exit_when_parent_goes, name="parent-watchdog", daemon=True).start()

from moto.server import main  # noqa: E402  (the watchdog runs before the slow import)

main(sys.argv[1:])
