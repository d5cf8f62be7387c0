"""ensurepip as a pyjar app's jar has it: without the pip wheel GraalPy's ensurepip bundles.

pyjar leaves the wheel out unless the build asks for it: this jar's interpreter starts without
site's user directory, so the pip that ensurepip would install there is not importable from the
jar anyway. Every function says so and how to keep GraalPy's ensurepip.
"""

import sys

__all__ = ["version", "bootstrap"]

_MESSAGE = ("this jar leaves out ensurepip's bundled pip; build it with the pyjar plugin's"
            " <ensurepip>true</ensurepip> to keep it")


def version():
    raise RuntimeError(_MESSAGE)


def bootstrap(*, root=None, upgrade=False, user=False, altinstall=False, default_pip=False, verbosity=0):
    raise RuntimeError(_MESSAGE)


def _bootstrap(**options):
    raise RuntimeError(_MESSAGE)


def _uninstall_helper(*, verbosity=0):
    raise RuntimeError(_MESSAGE)


def _main(argv=None):
    print("ensurepip: error: " + _MESSAGE, file=sys.stderr)
    return 1
