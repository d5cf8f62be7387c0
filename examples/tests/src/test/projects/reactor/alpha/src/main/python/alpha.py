import json

print(json.dumps({"app": "alpha", "sum": sum(range(10))}, sort_keys=True))
