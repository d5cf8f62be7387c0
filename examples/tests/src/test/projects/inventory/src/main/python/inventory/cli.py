import os
import pkgutil
import sys

from . import __version__
from .errors import InventoryError
from .storage.catalog import load_catalog

USAGE = "usage: inventory {list,total,check SKU,where,crash,quit,sizes}"


def _units():
    return pkgutil.get_data(__package__, "data/units.txt").decode("ascii").split()


def crash(items):
    broken = [item for item in items if item.qty < 0]
    raise InventoryError(f"{len(items)} items checked, none broken: {broken}")


def main(argv):
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    items = load_catalog()
    if command == "list":
        unit = _units()[0]
        for item in items:
            print(f"{item.sku} {item.name:<12} {item.qty:>4} {unit} @ {item.price:.2f}")
    elif command == "total":
        print(f"inventory {__version__}: {sum(item.value for item in items):.2f}")
    elif command == "check" and len(args) == 1:
        found = {item.sku: item for item in items}.get(args[0])
        if found is None:
            sys.exit(f"unknown SKU: {args[0]}")
        return 0 if found.qty > 0 else 3
    elif command == "where":
        print(os.path.basename(os.path.dirname(os.path.dirname(__file__))), __name__, __spec__.loader.is_package(__package__))
    elif command == "sizes":
        from . import maße
        sizes = pkgutil.get_data(__package__, "data/größen.txt").decode("utf-8").split()
        print(ascii(maße.EINHEIT), ascii(sizes), ascii(os.path.basename(maße.__file__)))
    elif command == "crash":
        crash(items)
    elif command == "quit":
        sys.exit()
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0
