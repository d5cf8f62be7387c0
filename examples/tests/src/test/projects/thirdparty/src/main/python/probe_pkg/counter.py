from probe_pkg import runs

runs.COUNT += 1
