"""Third-party code beside the app (pythonPath): warm runs that keep importing it find it imported ahead."""
import time

from . import helpers

IMPORTED = time.time()
