NAME = "two, from the extra root"
