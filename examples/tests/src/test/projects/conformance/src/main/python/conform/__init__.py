"""Programs that exercise the process boundary, one module per area; run as `conform <area> <case>`."""
