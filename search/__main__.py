"""`python -m search`: the command-line interface."""

import sys

from search.cli import main

if __name__ == "__main__":  # build workers are spawned processes: they import this module and must not rerun it
    sys.exit(main())
