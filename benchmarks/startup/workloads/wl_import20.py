# Workload 3: import 20 widely used standard library packages (~215 modules in all).
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
import sqlite3
import unittest
import asyncio

print("imported", len(__import__("sys").modules), "modules")
