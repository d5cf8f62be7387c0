# Workload 1: start the interpreter and do nothing.
