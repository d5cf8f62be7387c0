import os

# The way many packages find their data: next to their own file.
with open(os.path.join(os.path.dirname(__file__), "table.txt"), encoding="utf-8") as f:
    TABLE = f.read().split()
