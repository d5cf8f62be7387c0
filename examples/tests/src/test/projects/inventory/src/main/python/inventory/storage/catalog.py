import csv
import io
from decimal import Decimal
from importlib.resources import files

from ..model import Item


def load_catalog():
    text = files(__package__).joinpath("catalog.csv").read_text(encoding="utf-8")
    return [Item(row["sku"], row["name"], int(row["qty"]), Decimal(row["price"]))
            for row in csv.DictReader(io.StringIO(text))]
