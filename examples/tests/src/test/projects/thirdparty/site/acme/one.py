NAME = "one, from the site root"
