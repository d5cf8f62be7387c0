# Workload 3b: import20 without sqlite3, whose native module GraalPy loads into one context per
# process, so that warm start (which runs each run in a context of its own) can run it too.
import json
import argparse
import logging
import email.parser
import http.client
import urllib.request
import decimal
import datetime
import collections
import re
import typing
import dataclasses
import pathlib
import subprocess
import textwrap
import csv
import xml.etree.ElementTree
import unittest
import asyncio

print("imported", len(__import__("sys").modules), "modules")
