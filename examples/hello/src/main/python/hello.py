"""The smallest pyjar app: greets whoever is named on the command line."""

import sys


def greet(names):
    return "Hello, " + (" and ".join(names) if names else "world") + "!"


if __name__ == "__main__":
    print(greet(sys.argv[1:]))
