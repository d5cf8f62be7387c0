import sys

area, case, *rest = sys.argv[1:]
# __import__ rather than importlib.import_module: no standard library frame in tracebacks.
__import__("conform." + area)
getattr(sys.modules["conform." + area], case.replace("-", "_"))(*rest)
