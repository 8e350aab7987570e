"""``python -m pipeline``: see pipeline/cli.py.

Two process-wide settings for a command-line run, here rather than in the
library so that tests and the Dagster code server keep Python's defaults:

- The garbage collector's first threshold is raised: a release of 10,000
  articles allocates millions of small objects (rows as dicts, cells), and
  at the default of 700 allocations the collector rescans the live ones
  over and over (about 2 of the 8 seconds of a one-article rebuild). Step
  processes of a multiprocess run get the same thresholds (pipeline/preload.py).
- A finished command ends with ``os._exit`` after the exit handlers ran and
  the output was flushed: freeing up to a gigabyte of objects one by one at
  interpreter shutdown took over a second and serves nothing. The commands
  leave no thread behind to join (Dagster's step processes have ended with
  the run).
"""
import atexit
import gc
import os
import sys

from pipeline.cli import main
from pipeline.settings import GC_THRESHOLDS

if __name__ == "__main__":
    gc.set_threshold(*GC_THRESHOLDS)
    main()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`| head`): what it wanted was written
        pass
    os._exit(0)
