import sys

from hunyuan_desktop.app import main

sys.exit(main())
