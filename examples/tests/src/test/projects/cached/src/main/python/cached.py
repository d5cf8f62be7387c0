"""Prints which version of each of its inputs the jar was built from."""
import greet
import helper
import shout

print("app 1,", helper.VERSION + ",", greet.VERSION + ",", shout.shout("shout") + shout.VERSION)
