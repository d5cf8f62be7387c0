"""Units with names outside ASCII: module and data file names are UTF-8 in the pack."""
EINHEIT = "St\u00fcck"
