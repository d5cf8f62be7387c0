import importlib
import sys

area, case, *rest = sys.argv[1:]
getattr(importlib.import_module("conform." + area), case.replace("-", "_"))(*rest)
