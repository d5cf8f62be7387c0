# Workload 2: print one line.
print("Hello, world!")
