class InventoryError(Exception):
    """Something is wrong with the stock records."""
