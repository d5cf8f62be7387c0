"""An app for the warm-start tests: each first argument is one thing a run must do as a cold run does."""
