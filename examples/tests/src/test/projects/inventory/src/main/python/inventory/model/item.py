from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Item:
    sku: str
    name: str
    qty: int
    price: Decimal

    @property
    def value(self):
        return self.qty * self.price
