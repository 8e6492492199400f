"""The bundle's entry point (PyInstaller runs this file as __main__)."""

import multiprocessing
import sys

from hunyuan_desktop.app import main

if __name__ == "__main__":
    # The worker process that draws formulas is this executable started again (spawn): freeze_support
    # makes it run the worker instead of a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
