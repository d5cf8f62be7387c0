VALUE = "imported in a thread"
