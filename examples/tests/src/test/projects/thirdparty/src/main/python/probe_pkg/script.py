RESULT = "ran as " + __name__
