"""The composition root's parts (hunyuan_desktop/app.py puts them together; no widgets here: docs/ARCHITECTURE.md):

cli.py         flags and the environment for one run
logs.py        the private, redacted log file
startup.py     the data folder, the lock, the settings and the archive, each a step
connection.py  where requests go (per provider), the HTTP client made on first use
runtime.py     build() and Runtime.close()
aioqt.py       the one asyncio loop, driven by Qt
instance.py    one app per data folder
"""
