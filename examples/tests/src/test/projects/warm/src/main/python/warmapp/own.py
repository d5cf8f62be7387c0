"""The app's own module: never imported ahead, whatever the runs import."""
import time

IMPORTED = time.time()
