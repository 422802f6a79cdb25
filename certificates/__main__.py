"""``python -m certificates``: the same command line as ``paper-audit`` (see ``certificates.cli``)."""

import sys

from certificates.cli import main

if __name__ == "__main__":
    sys.exit(main())
