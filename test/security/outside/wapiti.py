#!/usr/bin/python3
# Runs Debian's wapiti (3.0.4) with one fix: its --exclude patterns put the regex
# flags at the end ("…\Z(?ms)"), which Python 3.11 refuses, so any -x crashed the
# crawl. scan.sh needs -x to keep the crawl off the sign-out form.
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
