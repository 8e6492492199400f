import sys

from hunyuan_desktop.app import main

# Guarded: the worker process that draws formulas (spawned) imports this module again, as __mp_main__.
if __name__ == "__main__":
    sys.exit(main())
