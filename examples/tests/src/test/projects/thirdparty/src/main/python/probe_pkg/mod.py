import warnings


def func(x):
    """Doubles x."""
    return 2 * x


def fail():
    raise ValueError("failing on purpose")


def warn():
    warnings.warn("careful", UserWarning)
