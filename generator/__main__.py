import os
import sys

from generator.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
raise SystemExit(code)
